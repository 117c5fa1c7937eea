CREATE TABLE IF NOT EXISTS ${schedulerTable} (
  task_name TEXT NOT NULL,
  task_instance TEXT NOT NULL,
  task_data BYTEA,
  execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
  picked BOOLEAN NOT NULL,
  picked_by TEXT,
  last_success TIMESTAMP WITH TIME ZONE,
  last_failure TIMESTAMP WITH TIME ZONE,
  consecutive_failures INT,
  last_heartbeat TIMESTAMP WITH TIME ZONE,
  version BIGINT NOT NULL,
  priority SMALLINT,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX IF NOT EXISTS ${schedulerTable}_execution_time_idx ON ${schedulerTable} (execution_time);
CREATE INDEX IF NOT EXISTS ${schedulerTable}_last_heartbeat_idx ON ${schedulerTable} (last_heartbeat);
CREATE TABLE IF NOT EXISTS ${table} (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  payload TEXT,
  condition_handler VARCHAR(200) NOT NULL,
  then_handlers VARCHAR(1000) NOT NULL,
  lastly_handlers VARCHAR(1000) NOT NULL,
  timeout_handlers VARCHAR(1000) NOT NULL,
  state VARCHAR(16) NOT NULL,
  created TIMESTAMP WITH TIME ZONE NOT NULL,
  deadline TIMESTAMP WITH TIME ZONE,
  overdue_retention_ms BIGINT NOT NULL,
  poll_interval_ms BIGINT NOT NULL,
  max_poll_interval_ms BIGINT NOT NULL,
  backoff_multiplier DOUBLE PRECISION NOT NULL,
  polls BIGINT NOT NULL,
  last_polled TIMESTAMP WITH TIME ZONE,
  polled_by VARCHAR(200),
  overdue_since TIMESTAMP WITH TIME ZONE,
  timeout_done BOOLEAN NOT NULL,
  ended TIMESTAMP WITH TIME ZONE,
  failure TEXT,
  then_done BOOLEAN NOT NULL,
  lastly_done BOOLEAN NOT NULL,
  callback_error TEXT,
  created_by VARCHAR(200) NOT NULL
);
CREATE INDEX IF NOT EXISTS ${table}_state_created_idx ON ${table} (state, created);
