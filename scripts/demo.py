#!/usr/bin/env python3
"""./mlops demo: the drift loop before your eyes, on a stack started with ./mlops up.

1. Sends normal traffic (txhousing rows from 2000-2010, the years the first model trained on)
   through the gateway.
2. Shifts it: rows from 2012-2015, a market the model has not seen.
3. Prints what the system does by itself: the drift monitor's windows and violations, the drift
   event, the retraining run it starts, the approval, the canary's steps and verdicts, and the
   promotion, until the new version answers the traffic.
Exit 0 once a model trained after the drift serves production; 1 on timeout or error.
Standard library only."""
import argparse
import csv
import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request

BOLD, DIM, GREEN, YELLOW, RED, RESET = "\033[1m", "\033[2m", "\033[32m", "\033[33m", "\033[31m", "\033[0m"
FEATURES = ["city", "year", "month", "sales", "volume", "listings", "inventory"]


def say(stage, text, color=BOLD):
    print(f"{color}[{stage}]{RESET} {text}", flush=True)


class Api:
    def __init__(self, base, token=None):
        self.base, self.token = base, token

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        req = urllib.request.Request(self.base + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read()
            return json.loads(text) if text else None

    def get(self, path):
        return self.call("GET", path)


def rows(path, first_year, last_year):
    out = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if not first_year <= int(row["year"]) <= last_year:
                continue
            # gaps go as null: dropping those rows would skew the traffic towards later years
            instance = {k: (None if row[k] in ("", "NA") else row[k] if k == "city" else float(row[k]))
                        for k in FEATURES}
            out.append(json.dumps({"instances": [instance]}).encode())
    # the file is sorted by city: in file order a window would hold two or three cities, which drifts
    random.Random(7).shuffle(out)
    return out


class Traffic(threading.Thread):
    """Paced requests from a pool of bodies; counts answers by model version and status."""

    def __init__(self, url, per_second):
        super().__init__(daemon=True)
        self.url, self.period, self.bodies = url, 1.0 / per_second, []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.by_model, self.failed, self.sent = {}, 0, 0

    def use(self, bodies):
        with self.lock:
            self.bodies, self.i = bodies, 0

    def run(self):
        next_at = time.monotonic()
        while not self.stop.is_set():
            with self.lock:
                body = self.bodies[self.i % len(self.bodies)]
                self.i += 1
            try:
                req = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=10) as r:
                    model = json.loads(r.read()).get("model", {})
                    key = f"{model.get('version')}/{model.get('variant')}"
                    with self.lock:
                        self.by_model[key] = self.by_model.get(key, 0) + 1
            except (urllib.error.URLError, OSError, ValueError):
                with self.lock:
                    self.failed += 1
            self.sent += 1
            next_at += self.period
            time.sleep(max(0.0, next_at - time.monotonic()))

    def summary(self):
        with self.lock:
            answered = dict(self.by_model)
            self.by_model = {}
            failed, self.failed = self.failed, 0
        parts = [f"{k}: {v}" for k, v in sorted(answered.items())]
        return ", ".join(parts) + (f", {RED}failed: {failed}{RESET}" if failed else "")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gateway", default=os.environ.get("MLOPS_GATEWAY_URL", "http://127.0.0.1:8080"))
    p.add_argument("--orchestrator", default=os.environ.get("MLOPS_ORCHESTRATOR_URL", "http://127.0.0.1:8081"))
    p.add_argument("--drift", default=os.environ.get("MLOPS_DRIFT_URL", "http://127.0.0.1:8082"))
    p.add_argument("--token", default=os.environ.get("MLOPS_ADMIN_TOKEN"))
    p.add_argument("--data", default=os.path.join(root, ".mlops"), help="the data folder of ./mlops up")
    p.add_argument("--rate", type=float, default=20, help="requests per second")
    p.add_argument("--warmup", type=int, default=45, help="seconds of normal traffic before the shift")
    p.add_argument("--auto-approve", action="store_true", help="approve the retrained model")
    p.add_argument("--timeout", type=int, default=900, help="give up after this many seconds")
    args = p.parse_args()
    token = args.token
    if not token and os.path.exists(os.path.join(args.data, "admin-token")):
        token = open(os.path.join(args.data, "admin-token")).read().strip()
    if not token:
        sys.exit("mlops demo: no admin token: set MLOPS_ADMIN_TOKEN or start the stack with ./mlops up")
    admin, drift = Api(args.orchestrator, token), Api(args.drift)

    try:
        deployments = admin.get("/admin/deployments?stage=prod")
    except (urllib.error.URLError, OSError) as e:
        sys.exit(f"mlops demo: the orchestrator at {args.orchestrator} does not answer ({e}): run ./mlops up first")
    prod = json.dumps(deployments)
    if '"prod"' not in prod and "mlops-prod-" not in prod:
        sys.exit("mlops demo: nothing serves production yet: wait for ./mlops up's first run and approve it")
    before = {m.get("version") for m in admin.get("/admin/models") or []}
    runs_before = {r.get("id") for r in admin.get("/admin/runs?limit=50") or []}

    data = os.path.join(root, "data", "txhousing", "txhousing.csv")
    normal, shifted = rows(data, 2000, 2010), rows(data, 2012, 2015)
    traffic = Traffic(args.gateway + "/v1/predict", args.rate)
    traffic.use(normal)
    traffic.start()
    say("traffic", f"{args.rate:.0f} requests/s of 2000-2010 rows through {args.gateway}/v1/predict")
    deadline = time.monotonic() + args.timeout
    t0 = time.monotonic()
    while time.monotonic() - t0 < args.warmup:
        time.sleep(5)
        say("traffic", traffic.summary(), DIM)

    traffic.use(shifted)
    shift_at = time.monotonic()
    say("traffic", f"{YELLOW}the market shifts: now sending 2012-2015 rows{RESET}")

    seen_violations, drift_run, approved, canary_seen, promoted_version = set(), None, set(), None, None
    last_status = None
    while time.monotonic() < deadline:
        time.sleep(3)
        say("traffic", traffic.summary(), DIM)
        try:
            for v in drift.get("/drift/violations?limit=20") or []:
                key = (v.get("window_id"), v.get("feature_name"))
                if key not in seen_violations and v.get("constraint_check_type") == "baseline_drift_check":
                    seen_violations.add(key)
                    say("drift", f"{YELLOW}{v.get('feature_name')}: {v.get('description')}{RESET}")
            if drift_run is None:
                for run in admin.get("/admin/runs?limit=10") or []:
                    if run.get("id") not in runs_before and run.get("trigger") == "drift":
                        drift_run = run["id"]
                        say("pipeline", f"drift event -> retraining run {run.get('short_id')} started "
                                        f"{time.monotonic() - shift_at:.0f} s after the shift")
            if drift_run:
                run = admin.get(f"/admin/runs/{drift_run}")
                status = (run.get("status"), run.get("current_step"))
                if status != last_status:
                    last_status = status
                    say("pipeline", f"run {run.get('short_id')}: {run.get('status')} at {run.get('current_step')}")
                version = run.get("model_version")
                if run.get("status") == "waiting_approval" and version not in approved:
                    approved.add(version)
                    if args.auto_approve:
                        admin.call("POST", f"/admin/models/{version}/approve",
                                   {"comment": "approved by ./mlops demo --auto-approve", "by": "demo"})
                        say("pipeline", f"{version} approved (--auto-approve)")
                    else:
                        say("pipeline", f"{BOLD}{version} waits for your approval: ./mlops approve {version}{RESET}")
                if run.get("status") == "failed":
                    say("pipeline", f"{RED}the retraining run failed: {run.get('failure_reason')}{RESET}")
                    return 1
            try:
                view = admin.get("/admin/canary") or {}
            except urllib.error.HTTPError:
                view = {}
            canary = view.get("canary") or {}
            version = canary.get("model_version")
            if version and version not in before:
                analyses = sorted(canary.get("analyses") or [], key=lambda a: a.get("seq", 0))
                weight = float(canary.get("weight") or 0)
                state = (canary.get("state"), weight, len(analyses))
                if state != canary_seen:
                    canary_seen = state
                    verdict = analyses[-1].get("verdict", "") if analyses else ""
                    say("canary", f"{version}: {canary.get('state')} at {weight * 100:.0f} % of traffic"
                                  + (f", last interval: {verdict}" if verdict else ""))
                if canary.get("state") == "promoted":
                    promoted_version = version
                if canary.get("state") == "rolled_back":
                    say("canary", f"{RED}the canary was rolled back: {canary.get('outcome_reason')}{RESET}")
                    return 1
            if promoted_version:
                answered = traffic.summary()
                if promoted_version in answered:
                    say("done", f"{GREEN}{promoted_version}, retrained after the drift, now serves production "
                                f"({time.monotonic() - shift_at:.0f} s after the shift){RESET}")
                    traffic.stop.set()
                    return 0
        except (urllib.error.URLError, OSError) as e:
            say("demo", f"waiting for the services ({e})", DIM)
    say("demo", f"{RED}timed out after {args.timeout} s{RESET}")
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
