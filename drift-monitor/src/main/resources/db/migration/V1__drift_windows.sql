-- Monitoring windows: open ones hold the serialized sketches being folded into; closed ones wait
-- for analysis and notification; reported ones are history for the read API.
CREATE SEQUENCE drift_window_seq;

CREATE TABLE drift_window (
    id              TEXT PRIMARY KEY,
    seq             BIGINT      NOT NULL,
    endpoint        TEXT        NOT NULL,
    model_version   TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('OPEN', 'CLOSED', 'EVALUATED', 'REPORTED')),
    opened_at       TIMESTAMPTZ NOT NULL,
    closed_at       TIMESTAMPTZ,
    captures        BIGINT      NOT NULL,
    records         BIGINT      NOT NULL,
    state           TEXT        NOT NULL,
    revision        BIGINT      NOT NULL,
    report          TEXT,
    dataset_drift   BOOLEAN,
    violation_count INTEGER,
    alert_pending   BOOLEAN     NOT NULL DEFAULT FALSE,
    event_pending   BOOLEAN     NOT NULL DEFAULT FALSE,
    evaluated_at    TIMESTAMPTZ,
    reported_at     TIMESTAMPTZ
);

-- one open window per endpoint and model version, even with several monitor instances
CREATE UNIQUE INDEX drift_window_one_open ON drift_window (endpoint, model_version) WHERE status = 'OPEN';
CREATE INDEX drift_window_pending ON drift_window (closed_at, seq) WHERE status IN ('CLOSED', 'EVALUATED');
CREATE INDEX drift_window_recent ON drift_window (seq DESC);

-- idempotency: an object version is folded once, committed with the window state it changed
CREATE TABLE folded_object (
    bucket     TEXT        NOT NULL,
    object_key TEXT        NOT NULL,
    etag       TEXT        NOT NULL,
    window_id  TEXT        NOT NULL,
    captures   BIGINT      NOT NULL,
    records    BIGINT      NOT NULL,
    folded_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (bucket, object_key, etag)
);
CREATE INDEX folded_object_age ON folded_object (folded_at);

-- per-feature distances of analysed windows: the series behind GET /drift/features/{feature}
CREATE TABLE feature_measure (
    window_id     TEXT             NOT NULL REFERENCES drift_window (id),
    feature       TEXT             NOT NULL,
    kind          TEXT             NOT NULL,
    endpoint      TEXT             NOT NULL,
    model_version TEXT             NOT NULL,
    closed_at     TIMESTAMPTZ      NOT NULL,
    method        TEXT,
    distance      DOUBLE PRECISION,
    threshold     DOUBLE PRECISION,
    p_value       DOUBLE PRECISION,
    drifted       BOOLEAN          NOT NULL,
    present       BIGINT           NOT NULL,
    PRIMARY KEY (window_id, feature)
);
CREATE INDEX feature_measure_series ON feature_measure (feature, closed_at DESC);

CREATE TABLE violation (
    window_id     TEXT        NOT NULL REFERENCES drift_window (id),
    ordinal       INTEGER     NOT NULL,
    endpoint      TEXT        NOT NULL,
    model_version TEXT        NOT NULL,
    closed_at     TIMESTAMPTZ NOT NULL,
    feature_name  TEXT,
    check_type    TEXT        NOT NULL,
    description   TEXT        NOT NULL,
    PRIMARY KEY (window_id, ordinal)
);
CREATE INDEX violation_recent ON violation (closed_at DESC);

-- when each kind of notification last went out, per endpoint and model version
CREATE TABLE notification_cooldown (
    endpoint      TEXT NOT NULL,
    model_version TEXT NOT NULL,
    kind          TEXT NOT NULL,
    last_sent_at  TIMESTAMPTZ,
    window_id     TEXT,
    PRIMARY KEY (endpoint, model_version, kind)
);
