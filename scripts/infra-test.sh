#!/usr/bin/env bash
# Offline Terraform checks for infra/ (run by `./mlops test`, so by CI):
#   1. terraform fmt -check -recursive
#   2. init -backend=false + validate of every root (each module, the stack, envs/*, examples/*)
#   3. terraform test (mock_provider "aws") wherever a root has tests/
#   4. mutation checks: break a module on purpose (drop a DLQ, open a bucket, drop alarm rollback, grant
#      `*` on `*`) in a scratch copy and require its tests to fail with the matching message.
#
# Works on a clean clone and leaves the working tree untouched: everything runs in a scratch copy of
# infra/ (no .terraform/, lock files or state in it), deleted on exit, so a second run starts clean too.
#
# Environment:
#   MLOPS_SKIP_INFRA=1   skip everything when terraform is not installed (exit 0 with a notice)
#   TF_PLUGIN_DIR        provider mirror for offline init (default /opt/tf-plugins; if it does not exist,
#                        init uses the registry with a plugin cache under ~/.cache/mlops/terraform-plugins)
#   INFRA_TEST_JOBS      roots checked in parallel (default: number of CPUs)
#   INFRA_TEST_KEEP=1    keep the scratch copy and its logs (printed at the end)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INFRA="$ROOT/infra"
say() { printf 'infra-test: %s\n' "$*"; }
die() { printf 'infra-test: %s\n' "$*" >&2; exit 1; }

[ -d "$INFRA" ] || die "no infra/ folder at $INFRA"

if ! command -v terraform >/dev/null 2>&1; then
  if [ "${MLOPS_SKIP_INFRA:-0}" = "1" ]; then
    say "terraform is not on PATH; skipped because MLOPS_SKIP_INFRA=1"
    exit 0
  fi
  die "terraform is not on PATH. Install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install),
or set MLOPS_SKIP_INFRA=1 to skip the infrastructure checks."
fi

# A CLI config path that points nowhere only produces warnings; Terraform's defaults are what we want then.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

START=$SECONDS
# sed reads to the end: head would close the pipe early and, under pipefail, fail on SIGPIPE (exit 141).
TF_VERSION=$(terraform version 2>/dev/null | sed -n 1p)
PLUGIN_DIR=${TF_PLUGIN_DIR:-/opt/tf-plugins}
INIT_ARGS=(-backend=false -input=false -no-color)
if [ -d "$PLUGIN_DIR" ]; then
  INIT_ARGS+=("-plugin-dir=$PLUGIN_DIR")
  PARALLEL_INIT=1
else
  # The registry it is: share downloads between roots. The cache is not safe for concurrent inits.
  export TF_PLUGIN_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/mlops/terraform-plugins"
  mkdir -p "$TF_PLUGIN_CACHE_DIR"
  PARALLEL_INIT=0
  say "no provider mirror at $PLUGIN_DIR: init uses the registry (cache $TF_PLUGIN_CACHE_DIR)"
fi
JOBS=${INFRA_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
say "$TF_VERSION, $JOBS parallel jobs"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/infra-test.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "${INFRA_TEST_KEEP:-0}" = "1" ]; then say "scratch copy kept at $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Formatting, on the real tree (read-only).
if ! fmt_out=$(terraform fmt -check -recursive -diff -no-color "$INFRA" 2>&1); then
  printf '%s\n' "$fmt_out" >&2
  die "terraform fmt: files above are not formatted (run: terraform fmt -recursive infra)"
fi
say "fmt ok"

# Scratch copy without working directories, lock files or state from anyone's earlier runs.
tar -C "$ROOT" --exclude='.terraform' --exclude='.terraform.lock.hcl' --exclude='*.tfstate' \
  --exclude='*.tfstate.*' --exclude='*.tfplan' -cf - infra | tar -C "$WORK" -xf -
COPY="$WORK/infra"
LOGS="$WORK/logs"
mkdir -p "$LOGS"

# Every folder with .tf files directly in it is a root: each module, the stack, envs/*, examples/*.
# The compositions come first: they take longest, and starting them early keeps every job busy.
mapfile -t ROOTS < <(cd "$COPY" && for top in stack envs examples modules; do
  [ -d "$top" ] && find "$top" -name '*.tf' -not -path '*/.terraform/*' -exec dirname {} \; | sort -u
done)
[ "${#ROOTS[@]}" -gt 0 ] || die "no Terraform roots found under infra/"

# 4. Mutations: name, module, file, a sed expression that breaks it, the test file to run, and the
#    assertion message that must then fail.
MUTATIONS=(
  "dlq-removed|modules/messaging|main.tf|/^  redrive_policy = jsonencode({\$/,/^  })\$/d|tests/dead_letter_queues.tftest.hcl|Every queue's redrive policy must target its dead-letter queue."
  "bucket-opened|modules/storage|main.tf|s/block_public_policy     = true/block_public_policy     = false/|tests/buckets.tftest.hcl|Every bucket must block public ACLs and policies"
  "no-alarm-rollback|modules/inference-gateway|main.tf|s/events  = \\[\"DEPLOYMENT_FAILURE\", \"DEPLOYMENT_STOP_ON_ALARM\"\\]/events  = [\"DEPLOYMENT_FAILURE\"]/|tests/canary.tftest.hcl|A deployment rolls back automatically on alarm and on failure."
  "admin-policy|modules/sagemaker|iam.tf|s/Action   = \\[\"ecr:GetAuthorizationToken\"\\]/Action   = [\"*\"]/|tests/iam.tftest.hcl|No IAM statement may allow all actions"
)

init_root() { # dir log
  terraform -chdir="$1" init "${INIT_ARGS[@]}" >"$2" 2>&1
}

tf_counts() { # log -> "passed failed" from terraform test's last summary line
  local line
  line=$(grep -E '^(Success|Failure)! [0-9]+ passed, [0-9]+ failed' "$1" | tail -n1 || true)
  if [ -z "$line" ]; then echo "0 0"; return; fi
  echo "$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line") $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"
}

# Checks one root; writes "<status>|<root>|<validate>|<passed>|<failed>|<seconds>|<note>" to $LOGS/<id>.result
check_root() { # root id
  local root=$1 id=$2 dir="$COPY/$1" log="$LOGS/$2.log" t0=$SECONDS validate=fail passed=0 failed=0 status=ok note=""
  {
    if [ "$PARALLEL_INIT" = 1 ] && ! init_root "$dir" "$LOGS/$id.init.log"; then
      cat "$LOGS/$id.init.log"; echo "init failed"
    elif terraform -chdir="$dir" validate -no-color; then
      validate=ok
    fi
  } >"$log" 2>&1
  if [ "$validate" = ok ] && [ -d "$dir/tests" ]; then
    if ! terraform -chdir="$dir" test -no-color >"$LOGS/$id.test.log" 2>&1; then status=fail; fi
    read -r passed failed < <(tf_counts "$LOGS/$id.test.log")
    if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then status=fail; note="no test ran"; fi
  elif [ "$validate" = ok ]; then
    note="no tests"
  fi
  [ "$validate" = ok ] || status=fail
  echo "$status|$root|$validate|$passed|$failed|$((SECONDS - t0))|$note" >"$LOGS/$id.result"
}

# Applies one mutation to a copy of its module and requires that module's tests to fail with the message.
check_mutation() { # spec id
  local name module file expr filter message id=$2 t0=$SECONDS status=ok note
  IFS='|' read -r name module file expr filter message <<<"$1"
  local dir="$COPY/${module}-mutant-$name" log="$LOGS/$id.test.log"
  cp -r "$COPY/$module" "$dir"
  rm -rf "$dir/.terraform" "$dir/.terraform.lock.hcl"
  cp "$dir/$file" "$dir/$file.orig"
  sed -i -e "$expr" "$dir/$file"
  if cmp -s "$dir/$file" "$dir/$file.orig"; then
    status=fail; note="the mutation no longer applies to $module/$file: update MUTATIONS"
  elif ! init_root "$dir" "$LOGS/$id.init.log"; then
    status=fail; note="init failed"
  elif [ ! -f "$dir/$filter" ]; then
    status=fail; note="$module/$filter is gone: update MUTATIONS"
  elif terraform -chdir="$dir" test -no-color -filter="$filter" >"$log" 2>&1; then
    status=fail; note="tests PASSED on the broken module"
  elif ! grep -qF -- "$message" "$log"; then
    status=fail; note="tests failed, but not with: $message"
  else
    note="caught: $message"
  fi
  echo "$status|mutation $name ($module)|-|-|-|$((SECONDS - t0))|$note" >"$LOGS/$id.result"
}

# 2 + 3. Init (sequential when sharing a registry cache), then validate and test in parallel.
if [ "$PARALLEL_INIT" = 0 ]; then
  for i in "${!ROOTS[@]}"; do
    init_root "$COPY/${ROOTS[$i]}" "$LOGS/root$i.init.log" || { cat "$LOGS/root$i.init.log" >&2; die "init failed in ${ROOTS[$i]}"; }
  done
fi

TASKS=()
for i in "${!ROOTS[@]}"; do TASKS+=("root|$i"); done
for i in "${!MUTATIONS[@]}"; do TASKS+=("mutation|$i"); done

run_task() {
  local kind=${1%%|*} i=${1#*|}
  if [ "$kind" = root ]; then check_root "${ROOTS[$i]}" "root$i"; else check_mutation "${MUTATIONS[$i]}" "mutation$i"; fi
}

for task in "${TASKS[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  run_task "$task" &
  PIDS+=("$!")
done
wait || true
PIDS=()

# Summary, one line per root and mutation, in a stable order.
roots_ok=0 tests_passed=0 tests_failed=0 mutations_ok=0 failures=0
for task in "${TASKS[@]}"; do
  kind=${task%%|*} i=${task#*|}
  if [ "$kind" = root ]; then id="root$i"; else id="mutation$i"; fi
  if [ ! -f "$LOGS/$id.result" ]; then
    failures=$((failures + 1)); say "FAIL  $task: no result"; continue
  fi
  IFS='|' read -r status name validate passed failed secs note <"$LOGS/$id.result"
  if [ "$kind" = root ]; then
    [ "$validate" = ok ] && roots_ok=$((roots_ok + 1))
    tests_passed=$((tests_passed + passed)); tests_failed=$((tests_failed + failed))
    printf 'infra-test: %-4s %-34s validate %-4s tests %2s passed %s failed  %3ss %s\n' \
      "$( [ "$status" = ok ] && echo ok || echo FAIL)" "$name" "$validate" "$passed" "$failed" "$secs" "$note"
  else
    [ "$status" = ok ] && mutations_ok=$((mutations_ok + 1))
    printf 'infra-test: %-4s %-58s %3ss %s\n' "$( [ "$status" = ok ] && echo ok || echo FAIL)" "$name" "$secs" "$note"
  fi
  if [ "$status" != ok ]; then
    failures=$((failures + 1))
    logs=("$LOGS/$id.log" "$LOGS/$id.test.log")
    # The init log only matters when init is what failed.
    if [ "$kind" = mutation ] || grep -q '^init failed' "$LOGS/$id.log" 2>/dev/null; then logs=("$LOGS/$id.init.log" "${logs[@]}"); fi
    for f in "${logs[@]}"; do
      if [ -s "$f" ]; then echo "----- ${f##*/} -----" >&2; tail -n 60 "$f" >&2; fi
    done
  fi
done

say "summary: ${roots_ok}/${#ROOTS[@]} roots validated, ${tests_passed} tests passed, ${tests_failed} failed, ${mutations_ok}/${#MUTATIONS[@]} mutations caught, $((SECONDS - START))s"
[ "$failures" -eq 0 ] || die "$failures check(s) failed"
