-- Canary promotions of new prod versions, driven by the reconciler through their run's
-- switch-traffic step (so the run's row lock is the canary's lock: one driver at a time).
CREATE TABLE canary (
    id                        bigserial   PRIMARY KEY,
    run_id                    uuid        NOT NULL UNIQUE REFERENCES pipeline_run (id),
    model_version             text        NOT NULL REFERENCES model_version (version),
    endpoint                  text        NOT NULL,
    deployment_id             bigint      NOT NULL REFERENCES deployment (id),
    stable_version            text        NOT NULL REFERENCES model_version (version),
    stable_endpoint           text        NOT NULL,
    stable_deployment_id      bigint      NOT NULL REFERENCES deployment (id),
    settings                  jsonb       NOT NULL,
    state                     text        NOT NULL,
    step                      integer     NOT NULL,
    weight                    double precision NOT NULL,
    started_at                timestamptz NOT NULL,
    interval_started_at       timestamptz NOT NULL,
    next_analysis_at          timestamptz,
    ended_at                  timestamptz,
    consecutive_failures      integer     NOT NULL DEFAULT 0,
    consecutive_inconclusive  integer     NOT NULL DEFAULT 0,
    paused_reason             text,
    outcome_reason            text,
    outcome_by                text,
    failed_checks             jsonb       NOT NULL DEFAULT '[]',
    policy_version            bigint,
    weights                   jsonb       NOT NULL DEFAULT '[]',
    updated_at                timestamptz NOT NULL
);
-- At most one canary shares production with the stable version at a time.
CREATE UNIQUE INDEX canary_one_active ON canary ((true)) WHERE state IN ('running', 'paused');
CREATE INDEX canary_version ON canary (model_version, id DESC);

-- Every analysis of a canary, with the measured numbers and the verdict of each check.
CREATE TABLE canary_analysis (
    canary_id       bigint      NOT NULL REFERENCES canary (id) ON DELETE CASCADE,
    seq             integer     NOT NULL,
    step            integer     NOT NULL,
    weight          double precision NOT NULL,
    interval_start  timestamptz NOT NULL,
    interval_end    timestamptz NOT NULL,
    verdict         text        NOT NULL,
    decision        text        NOT NULL,
    early           boolean     NOT NULL DEFAULT false,
    result          jsonb       NOT NULL,
    PRIMARY KEY (canary_id, seq)
);

-- A version whose canary (or production) was rolled back says so in the registry.
ALTER TABLE model_version ADD COLUMN rolled_back_at timestamptz;
ALTER TABLE model_version ADD COLUMN rolled_back_reason text;

-- Analysis reads one variant's windows of one endpoint by time.
CREATE INDEX gateway_window_variant ON gateway_window (endpoint, variant, window_end);
