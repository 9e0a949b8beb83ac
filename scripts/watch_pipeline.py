#!/usr/bin/env python3
"""Shows pipeline progress for ./mlops up: polls the orchestrator's admin API and prints each change
of a run (step, status), each model waiting for approval, and each canary step. With
AUTO_APPROVE=1 it approves models that wait for approval. Standard library only."""
import json
import os
import sys
import time
import urllib.error
import urllib.request

ORCH = os.environ.get("ORCH", "http://127.0.0.1:8081")
TOKEN = os.environ["MLOPS_ADMIN_TOKEN"]
AUTO_APPROVE = os.environ.get("AUTO_APPROVE") == "1"
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def call(method, path, body=None):
    req = urllib.request.Request(ORCH + path, method=method,
                                 headers={"Authorization": "Bearer " + TOKEN,
                                          "Content-Type": "application/json"},
                                 data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(req, timeout=5) as r:
        text = r.read()
        return json.loads(text) if text else None


def say(text):
    print(f"{BOLD}[pipeline]{RESET} {text}", flush=True)


def describe(run):
    steps = run.get("steps") or []
    current = next((s for s in steps if s.get("step") == run.get("current_step")), {})
    where = run.get("current_step", "?")
    if current.get("job_name"):
        where += f" ({current['job_name']})"
    return (f"run {run.get('short_id', run.get('id', '?'))} of {run.get('dataset', '?')} "
            f"[{run.get('trigger', '?')}]: {run.get('status')} at {where}, {run.get('progress', '')}")


def main():
    seen_runs, seen_canary, approved = {}, None, set()
    while True:
        try:
            runs = call("GET", "/admin/runs?limit=10") or []
            for run in reversed(runs):
                key = run.get("id")
                state = (run.get("status"), run.get("current_step"))
                if seen_runs.get(key) != state:
                    seen_runs[key] = state
                    say(describe(run))
                    if run.get("status") == "failed" and run.get("failure_reason"):
                        say(f"  failed: {run['failure_reason']}")
                    if run.get("status") == "succeeded":
                        say(f"  done in {run.get('duration_seconds', 0):.0f} s: model {run.get('model_version')}")
                version = run.get("model_version")
                if run.get("status") == "waiting_approval" and version and version not in approved:
                    approved.add(version)
                    if AUTO_APPROVE:
                        call("POST", f"/admin/models/{version}/approve",
                             {"comment": "auto-approved by ./mlops up --auto-approve", "by": "mlops-up"})
                        say(f"  {version} approved (--auto-approve)")
                    else:
                        say(f"  {BOLD}{version} is on its dev endpoint and waits for approval:{RESET} "
                            f"./mlops approve {version}   (or ./mlops reject {version})")
            try:
                canary = call("GET", "/admin/canary")
            except urllib.error.HTTPError:
                canary = None
            if canary and canary.get("model_version"):
                state = (canary.get("model_version"), canary.get("state"), canary.get("weight"))
                if state != seen_canary:
                    seen_canary = state
                    say(f"canary {canary.get('model_version')}: {canary.get('state')} at weight "
                        f"{canary.get('weight')}")
        except (urllib.error.URLError, OSError, ValueError) as e:
            print(f"{DIM}[pipeline] orchestrator not answering ({e}); retrying{RESET}", flush=True)
        time.sleep(2)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
