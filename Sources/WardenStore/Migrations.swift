internal import GRDB

/// Schema migrations. A migration never changes once shipped: add a new one instead.
enum Migrations {
    static func migrator() -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

            -- Every input event, applied or not. `id` is the dedup key (NULL for rejected input,
            -- whose claimed id is kept in `claimed_id`); `deliveries` counts duplicates.
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY,
                id TEXT UNIQUE,
                claimed_id TEXT,
                type TEXT,
                source TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                effective_at INTEGER,
                outcome TEXT NOT NULL,
                reason TEXT,
                deliveries INTEGER NOT NULL DEFAULT 1,
                payload BLOB NOT NULL
            ) STRICT;

            -- The directory mirror. `data` holds the rest of the user (attributes, memberships with
            -- their versions) in Warden's compact binary row format; versions give last-writer-wins.
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                directory_id TEXT NOT NULL,
                email TEXT,
                state TEXT NOT NULL,
                version_time INTEGER NOT NULL,
                version_event TEXT NOT NULL,
                data BLOB NOT NULL
            ) STRICT;
            CREATE INDEX users_email ON users(email COLLATE NOCASE);

            CREATE TABLE groups (
                id TEXT PRIMARY KEY,
                directory_id TEXT NOT NULL,
                name TEXT NOT NULL,
                idp_id TEXT,
                deleted INTEGER NOT NULL,
                version_time INTEGER NOT NULL,
                version_event TEXT NOT NULL
            ) STRICT;

            CREATE TABLE deleted_directories (
                id TEXT PRIMARY KEY,
                version_time INTEGER NOT NULL,
                version_event TEXT NOT NULL
            ) STRICT;

            -- Planned targets per user: (app index, role bits or 0 = suspended) pairs, binary,
            -- relative to the policy version in meta `targets_policy` (`targets_roles` names them).
            CREATE TABLE targets (user_id TEXT PRIMARY KEY, data BLOB NOT NULL) STRICT;

            CREATE TABLE actions (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                app TEXT NOT NULL,
                role TEXT,
                roles TEXT,
                user_id TEXT NOT NULL,
                user_email TEXT,
                cause_kind TEXT NOT NULL,
                cause_event TEXT NOT NULL,
                cause_detail TEXT NOT NULL,
                rule_file TEXT NOT NULL,
                rule_line INTEGER NOT NULL,
                rule_path TEXT NOT NULL,
                owner TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                not_before INTEGER,
                due_at INTEGER NOT NULL,
                status TEXT NOT NULL,
                change_id TEXT NOT NULL,
                resolution_source TEXT,
                resolution_at INTEGER,
                resolution_message TEXT,
                resolution_by TEXT,
                previous TEXT
            ) STRICT;
            -- Two indexes on the hot table (each costs on every one of ~5 actions per event):
            -- executors list by status and app; explain reads a user's. Held actions are found
            -- by change through a partial index that only they enter.
            CREATE INDEX actions_status_app ON actions(status, app);
            CREATE INDEX actions_user ON actions(user_id);
            CREATE INDEX actions_held ON actions(change_id) WHERE status = 'held';

            CREATE TABLE violations (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                severity TEXT NOT NULL,
                status TEXT NOT NULL,
                app TEXT,
                user_id TEXT,
                user_email TEXT,
                role TEXT,
                action_id TEXT,
                owner TEXT NOT NULL,
                owner_name TEXT NOT NULL,
                owner_contact TEXT NOT NULL,
                escalated_to TEXT,
                escalated_name TEXT,
                escalated_contact TEXT,
                escalated_at INTEGER,
                detected_at INTEGER NOT NULL,
                due_at INTEGER,
                resolved_at INTEGER,
                summary TEXT NOT NULL,
                evidence TEXT NOT NULL
            ) STRICT;
            CREATE INDEX violations_owner ON violations(owner, status);
            CREATE INDEX violations_escalated ON violations(escalated_to, status);
            CREATE INDEX violations_status ON violations(status, severity);

            CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
            """)
        }
        m.registerMigration("v2-audit") { db in
            try db.execute(sql: """
            -- Append-only evidence: each entry holds the SHA-256 of the previous entry and of itself
            -- (over prev_hash, kind, subject and content), so any edit breaks the chain from there on.
            CREATE TABLE audit (
                seq INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                content TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            ) STRICT;
            CREATE INDEX audit_at ON audit(at);
            """)
        }
        m.registerMigration("v3-deliveries") { db in
            try db.execute(sql: """
            -- Every attempt to deliver an owner's report (`warden notify`), for "when was the owner told".
            CREATE TABLE deliveries (
                seq INTEGER PRIMARY KEY,
                owner TEXT NOT NULL,
                url TEXT NOT NULL,
                at INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                status INTEGER,
                outcome TEXT NOT NULL,
                message TEXT,
                report_sha256 TEXT NOT NULL
            ) STRICT;
            CREATE INDEX deliveries_owner ON deliveries(owner, at);
            """)
        }
        m.registerMigration("v4-dispatch") { db in
            try db.execute(sql: """
            -- Each attempt of a connector to carry out an action; `retry_at` is when to try again.
            CREATE TABLE attempts (
                seq INTEGER PRIMARY KEY,
                action_id TEXT NOT NULL,
                at INTEGER NOT NULL,
                connector TEXT NOT NULL,
                outcome TEXT NOT NULL,
                status INTEGER,
                message TEXT,
                retry_at INTEGER
            ) STRICT;
            CREATE INDEX attempts_action ON attempts(action_id, seq);
            -- Who is carrying out an action right now (at most one worker: CLI or server).
            CREATE TABLE leases (
                action_id TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                until INTEGER NOT NULL
            ) STRICT;
            """)
        }
        m.registerMigration("v5-scim") { db in
            try db.execute(sql: """
            -- Users and Groups pushed by IdPs to /scim/v2, per directory (the bearer token's), with
            -- their revision (meta.version). `seq` is creation order: the stable list order.
            CREATE TABLE scim_resources (
                seq INTEGER PRIMARY KEY,
                type TEXT NOT NULL,
                id TEXT NOT NULL,
                directory_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                created INTEGER NOT NULL,
                last_modified INTEGER NOT NULL,
                user_name_key TEXT,
                external_id TEXT,
                display_name_key TEXT,
                email_key TEXT,
                linked INTEGER NOT NULL DEFAULT 0,
                attributes TEXT NOT NULL,
                UNIQUE (type, id)
            ) STRICT;
            -- userName is unique per directory, ignoring case (the key is lowercased).
            CREATE UNIQUE INDEX scim_user_name ON scim_resources(directory_id, user_name_key) WHERE user_name_key IS NOT NULL;
            CREATE INDEX scim_directory ON scim_resources(directory_id, type, seq);
            CREATE INDEX scim_external_id ON scim_resources(directory_id, type, external_id);
            CREATE INDEX scim_display_name ON scim_resources(directory_id, type, display_name_key);
            -- Group members, for a user's `groups`.
            CREATE TABLE scim_members (
                group_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                user_id TEXT NOT NULL,
                PRIMARY KEY (group_id, position)
            ) STRICT;
            CREATE INDEX scim_members_user ON scim_members(user_id);
            -- Identities of another source (WorkOS ids) read as the SCIM resource they were linked to.
            CREATE TABLE scim_links (
                source_id TEXT PRIMARY KEY,
                directory_id TEXT NOT NULL,
                type TEXT NOT NULL,
                scim_id TEXT NOT NULL
            ) STRICT;
            """)
        }
        return m
    }
}
