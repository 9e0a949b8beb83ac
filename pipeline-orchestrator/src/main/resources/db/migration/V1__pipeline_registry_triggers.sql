-- Pipeline runs: a durable state machine advanced by the reconciler.
CREATE TABLE pipeline_run (
    id               uuid PRIMARY KEY,
    short_id         text        NOT NULL UNIQUE,
    dataset          text        NOT NULL,
    dataset_uri      text        NOT NULL,
    schema_json      text,
    target           text,
    dataset_hash     text,
    hyperparameters  jsonb       NOT NULL DEFAULT '{}',
    image            text        NOT NULL,
    trigger_kind     text        NOT NULL,
    trigger_detail   text,
    status           text        NOT NULL,
    current_step     text        NOT NULL,
    failure_reason   text,
    model_version    text,
    cancel_requested boolean     NOT NULL DEFAULT false,
    transient_errors integer     NOT NULL DEFAULT 0,
    gate_metric      text        NOT NULL,
    gate_threshold   double precision NOT NULL,
    gate_margin      double precision NOT NULL,
    next_check_at    timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    ended_at         timestamptz
);
CREATE INDEX pipeline_run_due ON pipeline_run (next_check_at)
    WHERE status IN ('queued', 'running', 'waiting_approval', 'cancelling');
CREATE INDEX pipeline_run_created ON pipeline_run (created_at DESC);
-- One active run per dataset, whichever orchestrator instance creates it.
CREATE UNIQUE INDEX pipeline_run_one_active_per_dataset ON pipeline_run (dataset)
    WHERE status IN ('queued', 'running', 'waiting_approval', 'cancelling');

CREATE TABLE pipeline_step (
    run_id          uuid        NOT NULL REFERENCES pipeline_run (id) ON DELETE CASCADE,
    step            text        NOT NULL,
    position        integer     NOT NULL,
    status          text        NOT NULL,
    attempt         integer     NOT NULL DEFAULT 1,
    job_name        text,
    started_at      timestamptz,
    ended_at        timestamptz,
    failure_reason  text,
    outputs         jsonb       NOT NULL DEFAULT '{}',
    detail          jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, step)
);

-- Outputs of succeeded steps, reusable by an identical step (same inputs, settings and image).
CREATE TABLE step_cache (
    cache_key   text        PRIMARY KEY,
    step        text        NOT NULL,
    run_id      uuid        NOT NULL,
    outputs     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL
);

-- Model registry.
CREATE TABLE model_version (
    version            text        PRIMARY KEY,
    number             integer     NOT NULL UNIQUE,
    run_id             uuid        NOT NULL UNIQUE REFERENCES pipeline_run (id),
    dataset            text        NOT NULL,
    dataset_uri        text        NOT NULL,
    dataset_hash       text,
    train_data_sha256  text,
    image              text        NOT NULL,
    hyperparameters    jsonb       NOT NULL,
    metrics            jsonb       NOT NULL,
    model_data_uri     text        NOT NULL,
    schema_uri         text        NOT NULL,
    baseline_uri       text        NOT NULL,
    evaluation_uri     text,
    approval_status    text        NOT NULL,
    approval_by        text,
    approval_at        timestamptz,
    approval_comment   text,
    created_at         timestamptz NOT NULL
);

-- Per-stage deployment history.
CREATE TABLE deployment (
    id             bigserial   PRIMARY KEY,
    stage          text        NOT NULL,
    model_version  text        NOT NULL REFERENCES model_version (version),
    endpoint       text        NOT NULL,
    run_id         uuid,
    status         text        NOT NULL,
    created_at     timestamptz NOT NULL,
    activated_at   timestamptz,
    retire_after   timestamptz,
    ended_at       timestamptz,
    note           text
);
CREATE UNIQUE INDEX deployment_one_per_run_stage ON deployment (run_id, stage) WHERE run_id IS NOT NULL;
CREATE INDEX deployment_stage ON deployment (stage, id DESC);

-- Every routing policy written, so that versions only go up.
CREATE TABLE routing_policy (
    version     bigint      PRIMARY KEY,
    body        jsonb       NOT NULL,
    reason      text        NOT NULL,
    written_at  timestamptz NOT NULL
);

-- Triggers waiting to become a run (one per dataset: that is the debounce).
CREATE TABLE pending_trigger (
    dataset      text        PRIMARY KEY,
    dataset_uri  text,
    kind         text        NOT NULL,
    events       integer     NOT NULL,
    first_at     timestamptz NOT NULL,
    last_at      timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    image        text,
    detail       text
);

-- Every trigger received (audit, and idempotency for redelivered queue messages).
CREATE TABLE trigger_log (
    id           bigserial   PRIMARY KEY,
    message_id   text        NOT NULL,
    seq          integer     NOT NULL,
    kind         text        NOT NULL,
    dataset      text        NOT NULL,
    detail       text,
    received_at  timestamptz NOT NULL,
    UNIQUE (message_id, seq)
);

-- Notifications are written in the transaction of the change they announce, then published.
CREATE TABLE notification_outbox (
    id          bigserial   PRIMARY KEY,
    event       text        NOT NULL,
    subject     text        NOT NULL,
    body        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text
);
CREATE INDEX notification_outbox_unsent ON notification_outbox (id) WHERE sent_at IS NULL;

-- The gateways' per-variant window aggregates (for canary analysis and the dashboard).
CREATE TABLE gateway_window (
    id              bigserial   PRIMARY KEY,
    gateway_id      text        NOT NULL,
    window_start    timestamptz NOT NULL,
    window_end      timestamptz NOT NULL,
    policy_version  bigint      NOT NULL,
    variant         text        NOT NULL,
    endpoint        text        NOT NULL,
    model_version   text,
    requests        bigint      NOT NULL,
    errors          jsonb       NOT NULL DEFAULT '{}',
    latency_counts  jsonb,
    predictions     jsonb,
    received_at     timestamptz NOT NULL,
    UNIQUE (gateway_id, window_start, variant)
);
CREATE INDEX gateway_window_endpoint ON gateway_window (endpoint, window_start);
