/**
 * Numbered schema migrations. A merged migration is never edited: add a new one at the end.
 * Each runs inside the start-up transaction; PRAGMA user_version records the last one applied.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial data model',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE keyring (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        provider TEXT NOT NULL,
        wrapped_key BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE integrations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        category TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        version_label TEXT NOT NULL DEFAULT '',
        protocol TEXT NOT NULL DEFAULT 'rest' CHECK (protocol IN ('rest', 'secrets')),
        base_url_mode TEXT NOT NULL DEFAULT 'fixed' CHECK (base_url_mode IN ('fixed', 'per_configuration')),
        base_url TEXT NOT NULL DEFAULT '',
        auth_type TEXT NOT NULL DEFAULT 'none',
        auth_settings TEXT NOT NULL DEFAULT '{}',
        behaviour TEXT NOT NULL DEFAULT '{}',
        custom_fields TEXT NOT NULL DEFAULT '[]',
        is_client_mode INTEGER NOT NULL DEFAULT 0,
        variable_prefix TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX integrations_by_category ON integrations (category, name_key);

      CREATE TABLE integration_logos (
        integration_id TEXT PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
        mime_type TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        data BLOB NOT NULL
      ) STRICT;

      CREATE TABLE configurations (
        id TEXT PRIMARY KEY,
        integration_id TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        client_name TEXT NOT NULL DEFAULT '',
        base_url TEXT NOT NULL DEFAULT '',
        is_primary INTEGER NOT NULL DEFAULT 0,
        values_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (integration_id, name)
      ) STRICT;
      CREATE UNIQUE INDEX configurations_one_primary
        ON configurations (integration_id) WHERE is_primary = 1;

      CREATE TABLE configuration_secrets (
        configuration_id TEXT NOT NULL REFERENCES configurations (id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (configuration_id, field)
      ) STRICT;

      CREATE TABLE oauth_tokens (
        configuration_id TEXT PRIMARY KEY REFERENCES configurations (id) ON DELETE CASCADE,
        ciphertext BLOB NOT NULL,
        expires_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE methods (
        id TEXT PRIMARY KEY,
        integration_id TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        http_method TEXT NOT NULL CHECK (http_method IN ('GET','POST','PUT','PATCH','DELETE','HEAD','OPTIONS')),
        path TEXT NOT NULL DEFAULT '',
        definition TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (integration_id, name)
      ) STRICT;

      CREATE TABLE runbooks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        draft TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX runbooks_by_category ON runbooks (category, name_key);

      CREATE TABLE runbook_method_refs (
        runbook_id TEXT NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
        method_id TEXT NOT NULL REFERENCES methods (id) ON DELETE CASCADE,
        PRIMARY KEY (runbook_id, method_id)
      ) STRICT;
      CREATE INDEX runbook_method_refs_by_method ON runbook_method_refs (method_id);

      CREATE TABLE runbook_versions (
        id TEXT PRIMARY KEY,
        runbook_id TEXT NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        graph TEXT NOT NULL,
        is_available INTEGER NOT NULL DEFAULT 1,
        published_at TEXT NOT NULL,
        UNIQUE (runbook_id, number)
      ) STRICT;

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        runbook_id TEXT NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
        version_id TEXT REFERENCES runbook_versions (id) ON DELETE SET NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','cancelled')),
        trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('manual','webhook','schedule','rerun','cli')),
        client_name TEXT NOT NULL DEFAULT '',
        inputs TEXT NOT NULL DEFAULT '{}',
        error TEXT,
        queued_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX runs_by_runbook ON runs (runbook_id, queued_at DESC);
      CREATE INDEX runs_by_status ON runs (status, queued_at DESC);

      CREATE TABLE run_steps (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        step_id TEXT NOT NULL,
        step_type TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','skipped','cancelled')),
        request TEXT,
        response TEXT,
        outputs TEXT NOT NULL DEFAULT '{}',
        error TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER,
        PRIMARY KEY (run_id, seq)
      ) STRICT;

      CREATE TABLE api_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        integration_id TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        method_id TEXT REFERENCES methods (id) ON DELETE SET NULL,
        at TEXT NOT NULL,
        http_method TEXT NOT NULL,
        url TEXT NOT NULL,
        status INTEGER,
        duration_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        error TEXT
      ) STRICT;
      CREATE INDEX api_calls_by_integration ON api_calls (integration_id, at DESC);
    `,
  },
  {
    version: 2,
    name: 'trigger secrets, trigger log and schedule state',
    sql: `
      CREATE TABLE trigger_secrets (
        runbook_id TEXT NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (runbook_id, name)
      ) STRICT;

      CREATE TABLE trigger_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        runbook_id TEXT NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('webhook','schedule')),
        outcome TEXT NOT NULL CHECK (outcome IN ('started','refused','missed')),
        at TEXT NOT NULL,
        status INTEGER,
        message TEXT NOT NULL DEFAULT '',
        run_id TEXT REFERENCES runs (id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX trigger_events_by_runbook ON trigger_events (runbook_id, id DESC);

      CREATE TABLE schedule_state (
        runbook_id TEXT PRIMARY KEY REFERENCES runbooks (id) ON DELETE CASCADE,
        last_fired_at TEXT
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'runs keep their trigger payload and what they re-ran',
    sql: `
      ALTER TABLE runs ADD COLUMN trigger_body TEXT;
      ALTER TABLE runs ADD COLUMN rerun_of TEXT REFERENCES runs (id) ON DELETE SET NULL;
      ALTER TABLE runs ADD COLUMN resumed_from_step TEXT;
    `,
  },
  {
    version: 4,
    name: 'steps committed before a request that may change another system',
    sql: `
      ALTER TABLE run_steps ADD COLUMN may_have_been_sent INTEGER NOT NULL DEFAULT 0
        CHECK (may_have_been_sent IN (0, 1));
    `,
  },
  {
    version: 5,
    name: 'integration secrets (the outbound proxy password)',
    // Only the table: moving passwords already written into proxy addresses needs the secret
    // store's key, so the backend does it at start-up (migrateProxyPasswords.ts).
    sql: `
      CREATE TABLE integration_secrets (
        integration_id TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (integration_id, name)
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'indexes for the runs list, a page at a time; the run of each API call',
    // Each leads with one kind of filter and goes on in the list's order and its cursor
    // (queued_at, id), so a page is a walk along one index; each also holds the other filtered
    // columns, so runs the rest of a filter leaves out are skipped without reading their rows.
    sql: `
      DROP INDEX runs_by_runbook;
      DROP INDEX runs_by_status;
      CREATE INDEX runs_by_time ON runs (queued_at, id, runbook_id, status, trigger_kind);
      CREATE INDEX runs_by_runbook ON runs (runbook_id, queued_at, id, status, trigger_kind);
      CREATE INDEX runs_by_status ON runs (status, queued_at, id, runbook_id, trigger_kind);
      CREATE INDEX runs_by_trigger ON runs (trigger_kind, queued_at, id, runbook_id, status);
      -- The run a call was made by, for the call log's link to it (no foreign key: a deleted
      -- run's calls stay in the log, and each call of a run is written without a lookup).
      ALTER TABLE api_calls ADD COLUMN run_id TEXT;
    `,
  },
  {
    version: 7,
    name: 'runs keep the message of the End step they ended at',
    sql: `
      ALTER TABLE runs ADD COLUMN message TEXT;
    `,
  },
  {
    version: 8,
    name: 'rehearsing: run modes, pinned step results, runbook test cases',
    // Pins belong to the draft (never to a published version); test cases go with the runbook
    // and its export. Both are JSON checked by their schemas when read.
    sql: `
      ALTER TABLE runs ADD COLUMN mode TEXT NOT NULL DEFAULT 'live'
        CHECK (mode IN ('live', 'dryRun', 'replay'));

      CREATE TABLE step_pins (
        runbook_id TEXT NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        pin TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (runbook_id, step_id)
      ) STRICT;

      CREATE TABLE runbook_test_cases (
        id TEXT PRIMARY KEY,
        runbook_id TEXT NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        test_case TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX runbook_test_cases_by_runbook ON runbook_test_cases (runbook_id, created_at);
    `,
  },
  {
    version: 9,
    name: 'approvals: the questions of Wait for approval steps, kept so a waiting run outlives a restart',
    // One row per approval step reached (run, step record). While its state is 'pending' the run
    // is shown as waiting (its own status stays 'running', which the runs table's CHECK allows).
    // Only a hash of the link's token is kept; the link itself lives in memory and in the step's
    // record once decided (when it no longer works).
    sql: `
      CREATE TABLE approvals (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        step_id TEXT NOT NULL,
        step_name TEXT NOT NULL,
        message TEXT NOT NULL,
        approvers TEXT NOT NULL DEFAULT '',
        instructions TEXT NOT NULL DEFAULT '',
        deadline TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'approved', 'rejected', 'timed_out', 'cancelled')),
        decided_by TEXT NOT NULL DEFAULT '',
        decided_via TEXT NOT NULL DEFAULT '',
        comment TEXT NOT NULL DEFAULT '',
        decided_at TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) STRICT;
      CREATE INDEX approvals_pending ON approvals (state, deadline);
    `,
  },
  {
    version: 10,
    name: 'rate limits: the wait of each call, the own limits of a configuration',
    // A configuration's own limits are JSON checked by their schema when read (null: none).
    sql: `
      ALTER TABLE api_calls ADD COLUMN rate_limit_wait_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE configurations ADD COLUMN rate_limits TEXT;
    `,
  },
  {
    version: 11,
    name: 'run groups: one runbook run once per client, a few at a time',
    // A group keeps how it runs; each client's run is a member, one per attempt
    // ("Re-run failed" adds the next attempt of the failed clients). A member has no run while it
    // waits for a place. runs.group_id lets a run (and the runs list) name its group.
    sql: `
      CREATE TABLE run_groups (
        id TEXT PRIMARY KEY,
        runbook_id TEXT NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
        trigger_kind TEXT NOT NULL,
        concurrency INTEGER NOT NULL CHECK (concurrency BETWEEN 1 AND 32),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX run_groups_by_time ON run_groups (created_at, id);
      CREATE INDEX run_groups_by_runbook ON run_groups (runbook_id, created_at, id);

      CREATE TABLE run_group_members (
        group_id TEXT NOT NULL REFERENCES run_groups (id) ON DELETE CASCADE,
        client_name TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('waiting', 'started', 'notStarted')),
        run_id TEXT,
        note TEXT,
        PRIMARY KEY (group_id, client_name, attempt)
      ) STRICT;

      ALTER TABLE runs ADD COLUMN group_id TEXT;
      CREATE INDEX runs_by_group ON runs (group_id, queued_at, id) WHERE group_id IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: 'approvals: the link kept sealed, the open loops of the run, the notify request',
    // token_sealed: the link's token encrypted with the app's data key (AES-256-GCM bound to its
    // run and step record), so the window can show the link again after a restart; the hash stays
    // for looking a link up. loops: the For each loops open at the step (JSON), so a run taken up
    // after a restart goes on at the same iteration. notify: what the step's Notify request sent
    // and got back (JSON, masked like a step record, the token ••••).
    sql: `
      ALTER TABLE approvals ADD COLUMN token_sealed BLOB;
      ALTER TABLE approvals ADD COLUMN loops TEXT;
      ALTER TABLE approvals ADD COLUMN notify TEXT;
    `,
  },
  {
    version: 13,
    name: "a run's call is kept in the record of the step that made it",
    // A method step's call goes into the call log as part of its step record, written anyway,
    // instead of a row of its own: one row and one index entry fewer per step. Its method, url
    // and status are the record's request and response; its time is the step's end. Older calls
    // stay in api_calls. When a step record goes (its run deleted), its call moves to api_calls:
    // a deleted run's calls stay in the log — unless its integration is gone, whose log went too.
    sql: `
      ALTER TABLE run_steps ADD COLUMN integration_id TEXT;
      ALTER TABLE run_steps ADD COLUMN method_id TEXT;
      ALTER TABLE run_steps ADD COLUMN call_attempts INTEGER;
      ALTER TABLE run_steps ADD COLUMN call_error TEXT;
      ALTER TABLE run_steps ADD COLUMN call_duration_ms INTEGER;
      ALTER TABLE run_steps ADD COLUMN call_wait_ms INTEGER;
      CREATE INDEX run_steps_by_integration ON run_steps (integration_id, finished_at)
        WHERE integration_id IS NOT NULL;
      CREATE TRIGGER run_steps_keep_call BEFORE DELETE ON run_steps
        WHEN OLD.integration_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM integrations WHERE id = OLD.integration_id)
      BEGIN
        INSERT INTO api_calls (integration_id, method_id, run_id, at, http_method, url, status,
          duration_ms, attempts, error, rate_limit_wait_ms)
        VALUES (OLD.integration_id, (SELECT id FROM methods WHERE id = OLD.method_id), OLD.run_id,
          coalesce(OLD.finished_at, OLD.started_at),
          coalesce(json_extract(OLD.request, '$.method'), ''),
          coalesce(json_extract(OLD.request, '$.url'), ''),
          json_extract(OLD.response, '$.status'), coalesce(OLD.call_duration_ms, 0),
          coalesce(OLD.call_attempts, 1), OLD.call_error, coalesce(OLD.call_wait_ms, 0));
      END;
    `,
  },
  {
    version: 14,
    name: 'an index on every foreign key, so deleting a parent row never scans the child table',
    // Without them SQLite scans the whole child table for each parent row deleted: deleting a
    // runbook scanned every run once per run it had (20,000 runs: 24 s, the backend frozen), a
    // method every call-log row. Partial: only rows that point somewhere are indexed.
    sql: `
      CREATE INDEX runs_by_rerun_of ON runs (rerun_of) WHERE rerun_of IS NOT NULL;
      CREATE INDEX runs_by_version ON runs (version_id) WHERE version_id IS NOT NULL;
      CREATE INDEX api_calls_by_method ON api_calls (method_id) WHERE method_id IS NOT NULL;
      CREATE INDEX trigger_events_by_run ON trigger_events (run_id) WHERE run_id IS NOT NULL;
    `,
  },
  {
    version: 15,
    name: 'a schedule remembers since when it was watched, apart from when it last fired',
    // watched_from: the schedule was last published, edited or resumed then (or its missed runs
    // were counted up to it), so nothing due before it is counted as missed at the next start;
    // last_fired_at stays the last firing, which the window shows as "Last run".
    sql: `
      ALTER TABLE schedule_state ADD COLUMN watched_from TEXT;
    `,
  },
  {
    version: 16,
    name: 'a child run names the run and step that started it',
    // parent_run_id, parent_seq: the Run runbook step whose run this is (null for a run started
    // any other way). A step that ran a child keeps its "may have been sent" mark while a step of
    // the child keeps its own; the start-up clean-up ends a waiting child with its parent. No
    // foreign key: a child stays a child when its parent's runbook is deleted with its runs.
    sql: `
      ALTER TABLE runs ADD COLUMN parent_run_id TEXT;
      ALTER TABLE runs ADD COLUMN parent_seq INTEGER;
      CREATE INDEX runs_by_parent ON runs (parent_run_id, parent_seq) WHERE parent_run_id IS NOT NULL;
    `,
  },
  {
    version: 17,
    name: 'an approval names the process that waits on it',
    // owner: the data folder process file's name (dataFolderProcesses.ts) of the process whose
    // engine waits on the approval; null for rows kept before (their process is gone). Another
    // process takes a pending approval up at its start only once its owner is gone, claiming it
    // by a conditional UPDATE, so two starting together do not both take it up.
    sql: `
      ALTER TABLE approvals ADD COLUMN owner TEXT;
    `,
  },
  {
    version: 18,
    name: 'rate limit places held by every process on the data folder',
    // Without --queue, each process (the app, serve, run) kept its limiter to itself, so each let
    // the full limit through. A place in flight is a row with its holder (the data folder process
    // file's name) and a lease renewed while held (lease_until, epoch ms); once its answer came,
    // it counts in the second's and minute's windows until second_until and minute_until (null:
    // that window is not limited). A pause is an integration's Retry-After, until epoch ms.
    // Rows name only ids and times (rateLimitPlaceRepository.ts).
    sql: `
      CREATE TABLE rate_limit_places (
        id INTEGER PRIMARY KEY,
        gate TEXT NOT NULL,
        holder TEXT NOT NULL,
        lease_until INTEGER,
        second_until INTEGER,
        minute_until INTEGER
      ) STRICT;
      CREATE INDEX rate_limit_places_by_gate ON rate_limit_places (gate, lease_until);
      CREATE INDEX rate_limit_places_by_holder ON rate_limit_places (holder) WHERE lease_until IS NOT NULL;
      CREATE TABLE rate_limit_pauses (
        integration_id TEXT PRIMARY KEY,
        until INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 19,
    name: 'a run cancelled from another process on the data folder',
    // runs.cancel in a process whose engine does not run the run (the app cancelling a
    // `runbook-designer run` going in a terminal) writes the request here; the process running it
    // looks for requests once a second and cancels (runs/cancelsElsewhere.ts). A row is deleted
    // once taken, or once its run has ended.
    sql: `
      CREATE TABLE run_cancel_requests (
        run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        requested_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 20,
    name: 'a run names the process that runs it',
    // owner: the data folder process file's name (dataFolderProcesses.ts) of the process whose
    // engine runs the run; null for rows kept before. A process starting while another has the
    // folder open marks interrupted only the runs whose owner is gone (the app closed with a run
    // going while `serve` runs on), not every run left going.
    sql: `
      ALTER TABLE runs ADD COLUMN owner TEXT;
    `,
  },
  {
    version: 21,
    name: 'the schedule each runbook follows, noted for the other processes on the data folder',
    // Each process that writes a runbook notes the schedule its triggers now follow (JSON of
    // expression, time zone and whether it is active; null for none); seq, one above every other
    // row's, is given only when that differs from the one noted. The processes running schedules
    // look once a second for rows past the seq they last saw and place those schedules again
    // (triggers/schedulesElsewhere.ts): a schedule resumed or published in the app is fired by
    // `serve` too, also once the app has closed. A deleted runbook's row stays (noted null), so
    // seq never goes back.
    sql: `
      CREATE TABLE schedule_changes (
        runbook_id TEXT PRIMARY KEY,
        schedule TEXT,
        seq INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX schedule_changes_by_seq ON schedule_changes (seq);
    `,
  },
  {
    version: 22,
    name: 'a run group names the process that starts its clients',
    // owner: the data folder process file's name (dataFolderProcesses.ts) of the process whose
    // memory starts the group's waiting clients (the one that started it, or re-ran its failed
    // clients); null for rows kept before. Once that process is gone, its waiting clients never
    // start: the process still open, or the next to start, marks them not started
    // (runs/leftUnfinished.ts, runs/leftByGoneWatch.ts), not only a process starting alone.
    sql: `
      ALTER TABLE run_groups ADD COLUMN owner TEXT;
      CREATE INDEX run_group_members_waiting ON run_group_members (group_id) WHERE state = 'waiting';
    `,
  },
  {
    version: 23,
    name: 'where a debug run is paused, for every process on the data folder',
    // A debug run pauses in the memory of the process that runs it; its pause (the DebugPause as
    // JSON) is written here while it lasts, so `runs.get` in any process, and the windows of the
    // others (runs/runsElsewhere.ts), show the run paused at its step, not just "running". No
    // foreign key: a run's row is written behind and may reach the disk after its first pause. A
    // row left by a process killed while paused is read only while its run is running.
    sql: `
      CREATE TABLE debug_pauses (
        run_id TEXT PRIMARY KEY,
        pause TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 24,
    name: 'the run groups list counts its groups from indexes alone',
    // The list counts a page of groups in one query (repositories/groupMemberCounts.ts): each
    // client's latest attempt, and its run's status. Read from the tables, each member was a
    // lookup of its row, and each run one of its whole row (inputs, trigger body): a page of 50
    // groups of 1,000 clients took ~0.25 s; from these two indexes, ~0.07 s. The runs' index
    // holds the runs of groups only, so other runs' status changes do not write it.
    sql: `
      CREATE INDEX run_group_members_latest
        ON run_group_members (group_id, client_name, attempt, state, run_id);
      CREATE INDEX runs_status_by_group ON runs (group_id, id, status) WHERE group_id IS NOT NULL;
    `,
  },
  {
    version: 25,
    name: 'since when each open process watches the schedules',
    // process: the data folder process file's name (dataFolderProcesses.ts) of a process running
    // the schedules; since: when it began (its start-up load). A process starting beside it
    // reports as missed only what fell due before then: what fell due since is that process's
    // to fire (triggers/scheduleHost.ts). A row left by a process gone is ignored and removed.
    sql: `
      CREATE TABLE schedule_watchers (
        process TEXT PRIMARY KEY,
        since TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 26,
    name: 'a schedule remembers the missed-runs note the user dismissed',
    // missed_note_dismissed_at: the time of the trigger log's missed-runs entry the user dismissed
    // on the Start step; that entry and older ones no longer show there, in any window or process.
    sql: `
      ALTER TABLE schedule_state ADD COLUMN missed_note_dismissed_at TEXT;
    `,
  },
  {
    version: 27,
    name: 'what a running step waits for before its request leaves, for every process on the data folder',
    // A step's wait for its integration's rate limit (or a Retry-After pause) is told in the
    // process that runs it; written on its record while it lasts (the RateLimitWaitNote as JSON,
    // also on the Run runbook steps whose child run waits), `runs.get` in any process, and the
    // windows of the others (runs/runsElsewhere.ts), show why the step waits. Written only for a
    // request that waits; a step's finish clears it, and it is read only while the step runs.
    sql: `ALTER TABLE run_steps ADD COLUMN rate_limit_wait TEXT;`,
  },
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
