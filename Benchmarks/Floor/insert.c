/*
 * Floor for persisting Warden's 100k-event ingest mix in SQLite, in plain C.
 *
 * Mirrors Sources/WardenStore (Migrations.swift v1..v5, SQLiteStore.swift,
 * ActionRows.swift, AuditLog.swift): same tables and indexes (all of them are created; only
 * events, actions, audit and meta are written), same pragmas (WAL, synchronous=NORMAL,
 * cache_size=-8192 unless FLOOR_CACHE_KB says otherwise, foreign_keys=ON), BEGIN IMMEDIATE transactions (GRDB's DatabasePool write),
 * the same INSERT ... ON CONFLICT(id) DO UPDATE upsert for actions, the same INSERT for events
 * and audit, and the audit_head meta upsert once per transaction.
 *
 * No hashing, JSON encoding or planning: values are cheap synthetic strings of realistic length
 * (generation cost can be measured alone with the gen-* modes).
 *
 * usage: insert DB MODE BATCH [CKPT] [AUDIT]
 *   MODE   actions      446,127 action rows only
 *          all          + 100,000 event rows (~690-byte payloads, 69 MB) + 550,000 audit rows
 *          gen-actions, gen-all   build every value but never bind/step (generator cost)
 *   BATCH  actions: action rows per transaction; all: events per transaction (their ~4.46
 *          actions per event and ~5.5 audit rows per event go in the same transaction,
 *          in the store's order: events, actions, audit, meta). 0 = one transaction.
 *   CKPT   auto (default): SQLite's wal_autocheckpoint=1000 inside commits
 *          bg:   like Checkpointer.swift: wal_hook on the writer (no checkpoint in commits),
 *                a second connection on a thread runs wal_checkpoint(PASSIVE) at most every
 *                500 ms after commits, RESTART once the WAL held >= 65,536 frames
 *          end:  no checkpoint until the end, then wal_checkpoint(TRUNCATE) (as close())
 *   AUDIT  short (default): ~200-byte JSON content per audit row
 *          real:  event entries ~270 B (as AuditLog.entries), action entries = the action's JSON
 *                 (~480 B, SPEC 4.1 field order)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/stat.h>

#ifndef N_EVENTS
#define N_EVENTS 100000
#endif
#ifndef N_ACTIONS
#define N_ACTIONS 446127
#endif
#ifndef N_AUDIT
#define N_AUDIT 550000
#endif
#define N_APPS 200
#define N_USERS 100000
#define BASE_MS 1767225600000LL /* 2026-01-01T00:00:00Z */

static const char *SCHEMA =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, claimed_id TEXT, type TEXT, source TEXT NOT NULL,"
    " received_at INTEGER NOT NULL, effective_at INTEGER, outcome TEXT NOT NULL, reason TEXT,"
    " deliveries INTEGER NOT NULL DEFAULT 1, payload BLOB NOT NULL) STRICT;"
    "CREATE TABLE users (id TEXT PRIMARY KEY, directory_id TEXT NOT NULL, email TEXT, state TEXT NOT NULL,"
    " version_time INTEGER NOT NULL, version_event TEXT NOT NULL, data BLOB NOT NULL) STRICT;"
    "CREATE INDEX users_email ON users(email COLLATE NOCASE);"
    "CREATE TABLE groups (id TEXT PRIMARY KEY, directory_id TEXT NOT NULL, name TEXT NOT NULL, idp_id TEXT,"
    " deleted INTEGER NOT NULL, version_time INTEGER NOT NULL, version_event TEXT NOT NULL) STRICT;"
    "CREATE TABLE deleted_directories (id TEXT PRIMARY KEY, version_time INTEGER NOT NULL, version_event TEXT NOT NULL) STRICT;"
    "CREATE TABLE targets (user_id TEXT PRIMARY KEY, data BLOB NOT NULL) STRICT;"
    "CREATE TABLE actions (id TEXT PRIMARY KEY, type TEXT NOT NULL, app TEXT NOT NULL, role TEXT, roles TEXT,"
    " user_id TEXT NOT NULL, user_email TEXT, cause_kind TEXT NOT NULL, cause_event TEXT NOT NULL,"
    " cause_detail TEXT NOT NULL, rule_file TEXT NOT NULL, rule_line INTEGER NOT NULL, rule_path TEXT NOT NULL,"
    " owner TEXT NOT NULL, created_at INTEGER NOT NULL, not_before INTEGER, due_at INTEGER NOT NULL,"
    " status TEXT NOT NULL, change_id TEXT NOT NULL, resolution_source TEXT, resolution_at INTEGER,"
    " resolution_message TEXT, resolution_by TEXT, previous TEXT) STRICT;"
    "CREATE INDEX actions_status_app ON actions(status, app);"
    "CREATE INDEX actions_user ON actions(user_id);"
    "CREATE INDEX actions_held ON actions(change_id) WHERE status = 'held';"
    "CREATE TABLE violations (id TEXT PRIMARY KEY, kind TEXT NOT NULL, severity TEXT NOT NULL, status TEXT NOT NULL,"
    " app TEXT, user_id TEXT, user_email TEXT, role TEXT, action_id TEXT, owner TEXT NOT NULL, owner_name TEXT NOT NULL,"
    " owner_contact TEXT NOT NULL, escalated_to TEXT, escalated_name TEXT, escalated_contact TEXT, escalated_at INTEGER,"
    " detected_at INTEGER NOT NULL, due_at INTEGER, resolved_at INTEGER, summary TEXT NOT NULL, evidence TEXT NOT NULL) STRICT;"
    "CREATE INDEX violations_owner ON violations(owner, status);"
    "CREATE INDEX violations_escalated ON violations(escalated_to, status);"
    "CREATE INDEX violations_status ON violations(status, severity);"
    "CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;"
    "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,"
    " content TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT;"
    "CREATE INDEX audit_at ON audit(at);"
    "CREATE TABLE deliveries (seq INTEGER PRIMARY KEY, owner TEXT NOT NULL, url TEXT NOT NULL, at INTEGER NOT NULL,"
    " attempt INTEGER NOT NULL, status INTEGER, outcome TEXT NOT NULL, message TEXT, report_sha256 TEXT NOT NULL) STRICT;"
    "CREATE INDEX deliveries_owner ON deliveries(owner, at);"
    "CREATE TABLE attempts (seq INTEGER PRIMARY KEY, action_id TEXT NOT NULL, at INTEGER NOT NULL, connector TEXT NOT NULL,"
    " outcome TEXT NOT NULL, status INTEGER, message TEXT, retry_at INTEGER) STRICT;"
    "CREATE INDEX attempts_action ON attempts(action_id, seq);"
    "CREATE TABLE leases (action_id TEXT PRIMARY KEY, holder TEXT NOT NULL, until INTEGER NOT NULL) STRICT;"
    "CREATE TABLE scim_resources (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL, directory_id TEXT NOT NULL,"
    " revision INTEGER NOT NULL, created INTEGER NOT NULL, last_modified INTEGER NOT NULL, user_name_key TEXT,"
    " external_id TEXT, display_name_key TEXT, email_key TEXT, linked INTEGER NOT NULL DEFAULT 0,"
    " attributes TEXT NOT NULL, UNIQUE (type, id)) STRICT;"
    "CREATE UNIQUE INDEX scim_user_name ON scim_resources(directory_id, user_name_key) WHERE user_name_key IS NOT NULL;"
    "CREATE INDEX scim_directory ON scim_resources(directory_id, type, seq);"
    "CREATE INDEX scim_external_id ON scim_resources(directory_id, type, external_id);"
    "CREATE INDEX scim_display_name ON scim_resources(directory_id, type, display_name_key);"
    "CREATE TABLE scim_members (group_id TEXT NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL,"
    " PRIMARY KEY (group_id, position)) STRICT;"
    "CREATE INDEX scim_members_user ON scim_members(user_id);"
    "CREATE TABLE scim_links (source_id TEXT PRIMARY KEY, directory_id TEXT NOT NULL, type TEXT NOT NULL,"
    " scim_id TEXT NOT NULL) STRICT;";

/* ActionRows.write's upsert, verbatim apart from whitespace. */
static const char *ACTION_SQL =
    "INSERT INTO actions (id, type, app, role, roles, user_id, user_email, cause_kind, cause_event, cause_detail,"
    " rule_file, rule_line, rule_path, owner, created_at, not_before, due_at, status, change_id, resolution_source,"
    " resolution_at, resolution_message, resolution_by, previous)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(id) DO UPDATE SET type = excluded.type, app = excluded.app, role = excluded.role,"
    " roles = excluded.roles, user_id = excluded.user_id, user_email = excluded.user_email,"
    " cause_kind = excluded.cause_kind, cause_event = excluded.cause_event, cause_detail = excluded.cause_detail,"
    " rule_file = excluded.rule_file, rule_line = excluded.rule_line, rule_path = excluded.rule_path,"
    " owner = excluded.owner, created_at = excluded.created_at, not_before = excluded.not_before,"
    " due_at = excluded.due_at, status = excluded.status, change_id = excluded.change_id,"
    " resolution_source = excluded.resolution_source, resolution_at = excluded.resolution_at,"
    " resolution_message = excluded.resolution_message, resolution_by = excluded.resolution_by,"
    " previous = excluded.previous WHERE actions.status != 'done'";
static const char *EVENT_SQL =
    "INSERT INTO events (id, claimed_id, type, source, received_at, effective_at, outcome, reason, payload)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char *AUDIT_SQL =
    "INSERT INTO audit (at, kind, subject, content, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)";
static const char *HEAD_SQL = "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)";

static sqlite3 *db;
static int gen_only;
static int audit_real;

static void die(const char *what) {
    fprintf(stderr, "%s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}
static void exec(const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, err);
        exit(1);
    }
}
static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) die("prepare");
    return s;
}
static void run(sqlite3_stmt *s) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) die("step");
}

/* splitmix64 */
static uint64_t rng_state = 42;
static uint64_t rnd(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }
static void hex(char *out, int digits) {
    static const char d[] = "0123456789abcdef";
    uint64_t r = 0;
    for (int i = 0; i < digits; i++) {
        if ((i & 15) == 0) r = rnd();
        out[i] = d[r & 15];
        r >>= 4;
    }
    out[digits] = 0;
}
static int iso8601(char *out, int64_t ms) {
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    return sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                   tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* Text bind with explicit length; SQLITE_TRANSIENT as RawStatement does (SQLite copies). */
static void bt(sqlite3_stmt *s, int i, const char *v) {
    if (gen_only) return;
    if (v) sqlite3_bind_text(s, i, v, (int)strlen(v), SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}
static void bi(sqlite3_stmt *s, int i, int64_t v) { if (!gen_only) sqlite3_bind_int64(s, i, v); }
static void bn(sqlite3_stmt *s, int i) { if (!gen_only) sqlite3_bind_null(s, i); }
static void step(sqlite3_stmt *s) { if (!gen_only) run(s); }

static sqlite3_stmt *st_action, *st_event, *st_audit, *st_head;

/* Per-event context shared by its actions (one event re-plans one user across apps). */
struct ev {
    long index;
    unsigned user;
    int64_t time;
    char id[32];
};
static void make_event(struct ev *e, long i) {
    e->index = i;
    e->user = below(N_USERS);
    e->time = BASE_MS + (int64_t)i * 25920 + below(1000);
    sprintf(e->id, "event_w42_%ld", i);
}

static const char *TYPES[] = {"grant", "revoke", "provision", "deprovision", "suspend", "restore"};
static const char *DETAILS[] = {"user created", "user deactivated", "added to group `Group %u`",
                                "removed from group `Group %u`",
                                "department changed from `Sales` to `Engineering`"};

/* FLOOR_SEQUENTIAL_IDS=1: action ids in insertion order instead of random hex (what the
 * random keys of the id index cost). */
static int sequential_ids;

/* Last action / event audit subjects and contents (for AUDIT=real). */
static char last_action_id[32];
static char action_json[1024];

static void insert_action(const struct ev *e) {
    char id[32], app[16], role[16], roles[48], user_id[32], email[40], detail[64], rule_file[48], rule_path[24],
        owner[16], previous[48];
    static long next_sequential = 0;
    if (sequential_ids) {
        snprintf(id, sizeof id, "act_%024ld", next_sequential++);
    } else {
        memcpy(id, "act_", 4);
        hex(id + 4, 24);
    }
    unsigned a = below(N_APPS), r = below(20), t = below(100);
    int type = t < 40 ? 0 : t < 65 ? 1 : t < 80 ? 2 : t < 90 ? 3 : t < 97 ? 4 : 5;
    const char *kind = type == 0 || type == 2 || type == 5 ? "joiner" : type == 1 ? "mover" : "leaver";
    sprintf(app, "app-%u", a);
    sprintf(user_id, "directory_user_b%u", e->user);
    sprintf(email, "user%u@bench.example", e->user);
    sprintf(detail, DETAILS[(e->index * 7) % 5], (unsigned)(e->index % 5000));
    sprintf(rule_file, "policies/apps/app-%u.yaml", a);
    sprintf(owner, "team-%u", a % 20);
    const char *rolep = NULL, *rolesp = NULL, *path;
    int line;
    if (type <= 1) {
        sprintf(role, "role-%u", r);
        rolep = role;
        sprintf(rule_path, "roles[%u]", r);
        path = rule_path;
        line = 9 + 2 * (int)r;
    } else if (type == 2 || type == 5) {
        sprintf(roles, "role-%u\nrole-%u", r, (r + 3) % 20);
        rolesp = roles;
        sprintf(rule_path, "roles[%u]", r);
        path = rule_path;
        line = 9 + 2 * (int)r;
    } else {
        path = type == 4 ? "leaver.inactive" : "leaver";
        line = 7;
    }
    if (type == 2) strcpy(previous, "none");
    else if (type == 5) strcpy(previous, "suspended");
    else sprintf(previous, "active(role-%u, role-%u)", r, (r + 5) % 20);
    int64_t created = e->time, not_before = 0, due;
    int scheduled = (type == 1 || type == 3) && (e->index & 1);
    if (scheduled) not_before = created + 7 * 86400000LL;
    due = (scheduled ? not_before : created) + (type == 4 ? 3600000LL : 86400000LL);
    const char *status = scheduled ? "scheduled" : "pending";

    sqlite3_stmt *s = st_action;
    bt(s, 1, id); bt(s, 2, TYPES[type]); bt(s, 3, app); bt(s, 4, rolep); bt(s, 5, rolesp);
    bt(s, 6, user_id); bt(s, 7, email); bt(s, 8, kind); bt(s, 9, e->id); bt(s, 10, detail);
    bt(s, 11, rule_file); bi(s, 12, line); bt(s, 13, path); bt(s, 14, owner); bi(s, 15, created);
    if (scheduled) bi(s, 16, not_before); else bn(s, 16);
    bi(s, 17, due); bt(s, 18, status); bt(s, 19, e->id);
    bn(s, 20); bn(s, 21); bn(s, 22); bn(s, 23); bt(s, 24, previous);
    step(s);
    memcpy(last_action_id, id, sizeof id);
    if (audit_real) {
        /* The action's JSON as RecordJSON.swift writes it (SPEC 4.1 field order). */
        char c[32], nb[32], d[32], rs[64];
        iso8601(c, created); iso8601(d, due);
        if (scheduled) { nb[0] = '"'; iso8601(nb + 1, not_before); strcat(nb, "\""); } else strcpy(nb, "null");
        if (rolesp) sprintf(rs, "[\"role-%u\",\"role-%u\"]", r, (r + 3) % 20); else strcpy(rs, "null");
        char rolej[24];
        if (rolep) sprintf(rolej, "\"%s\"", rolep); else strcpy(rolej, "null");
        snprintf(action_json, sizeof action_json,
                 "{\"id\":\"%s\",\"type\":\"%s\",\"app\":\"%s\",\"role\":%s,\"roles\":%s,\"user\":{\"id\":\"%s\",\"email\":\"%s\"},"
                 "\"cause\":{\"kind\":\"%s\",\"event\":\"%s\",\"detail\":\"%s\"},\"rule\":{\"file\":\"%s\",\"line\":%d,\"path\":\"%s\"},"
                 "\"owner\":\"%s\",\"created_at\":\"%s\",\"not_before\":%s,\"due_at\":\"%s\",\"status\":\"%s\",\"change\":\"%s\"}",
                 id, TYPES[type], app, rolej, rs, user_id, email, kind, e->id, detail, rule_file, line, path, owner, c, nb,
                 d, status, e->id);
    }
}

static char payload[1024];
static void insert_event(const struct ev *e) {
    /* A WorkOS-style event of ~690 bytes (69 MB / 100k). */
    char ts[32];
    iso8601(ts, e->time);
    int n = snprintf(payload, sizeof payload,
                     "{\"id\":\"%s\",\"event\":\"dsync.user.updated\",\"data\":{\"object\":\"directory_user\",\"id\":\"directory_user_b%u\","
                     "\"directory_id\":\"directory_bench\",\"organization_id\":\"org_bench\",\"idp_id\":\"idp_%u\","
                     "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"user%u@bench.example\"}],"
                     "\"first_name\":\"User\",\"last_name\":\"%u\",\"state\":\"active\",\"custom_attributes\":{\"department\":\"Engineering\","
                     "\"employment_type\":\"employee\",\"job_title\":\"Specialist\"},\"role\":{\"slug\":\"member\"},"
                     "\"created_at\":\"%s\",\"updated_at\":\"%s\",\"raw_attributes\":{\"x\":\"",
                     e->id, e->user, e->user, e->user, e->user, ts, ts);
    while (n < 686) payload[n++] = 'a' + (char)below(26);
    memcpy(payload + n, "\"}}}", 4);
    n += 4;
    sqlite3_stmt *s = st_event;
    bt(s, 1, e->id); bn(s, 2); bt(s, 3, "dsync.user.updated"); bt(s, 4, "file"); bi(s, 5, e->time);
    bi(s, 6, e->time); bt(s, 7, "applied"); bn(s, 8);
    if (!gen_only) sqlite3_bind_blob(s, 9, payload, n, SQLITE_TRANSIENT);
    step(s);
}

static char prev_hash[65] = "0000000000000000000000000000000000000000000000000000000000000000";
static void insert_audit(int64_t at, const char *kind, const char *subject, const char *content_real) {
    char h[65], content[1100];
    hex(h, 64);
    const char *content_p = content_real;
    if (!audit_real || !content_real) {
        char sha[65], ts[32];
        hex(sha, 64);
        iso8601(ts, at);
        /* ~200 bytes */
        snprintf(content, sizeof content,
                 "{\"id\":\"%s\",\"kind\":\"%s\",\"source\":\"file\",\"outcome\":\"applied\",\"received_at\":\"%s\",\"payload_sha256\":\"%s\"}",
                 subject, kind, ts, sha);
        content_p = content;
    }
    sqlite3_stmt *s = st_audit;
    bi(s, 1, at); bt(s, 2, kind); bt(s, 3, subject); bt(s, 4, content_p); bt(s, 5, prev_hash); bt(s, 6, h);
    step(s);
    memcpy(prev_hash, h, 65);
}

/* ---- checkpoint modes ---- */
static int ckpt_mode; /* 0 auto, 1 bg, 2 end */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int frames_pending, closed;
static const char *db_path;
static int bg_checkpoints, bg_restarts;

static int wal_hook(void *ctx, sqlite3 *c, const char *name, int frames) {
    (void)ctx; (void)c; (void)name;
    pthread_mutex_lock(&mu);
    frames_pending = frames;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    return SQLITE_OK;
}
static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}
static void *checkpointer(void *arg) {
    (void)arg;
    sqlite3 *c;
    if (sqlite3_open(db_path, &c) != SQLITE_OK) return NULL;
    sqlite3_busy_timeout(c, 10000); /* GRDB busyMode .timeout(10) = 10 s */
    double last = now_s();
    pthread_mutex_lock(&mu);
    for (;;) {
        while (!closed && frames_pending == 0) pthread_cond_wait(&cv, &mu);
        if (closed) break;
        double due = last + 0.5;
        if (due > now_s()) {
            /* Wait out the interval (woken early only by close). */
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            double rt = ts.tv_sec + ts.tv_nsec / 1e9 + (due - now_s());
            ts.tv_sec = (time_t)rt;
            ts.tv_nsec = (long)((rt - (double)ts.tv_sec) * 1e9);
            while (!closed && pthread_cond_timedwait(&cv, &mu, &ts) == 0) {}
            if (closed) break;
        }
        int frames = frames_pending;
        frames_pending = 0;
        last = now_s();
        pthread_mutex_unlock(&mu);
        sqlite3_wal_checkpoint_v2(c, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        bg_checkpoints++;
        if (frames >= 65536) {
            sqlite3_wal_checkpoint_v2(c, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
            bg_restarts++;
        }
        pthread_mutex_lock(&mu);
    }
    pthread_mutex_unlock(&mu);
    sqlite3_close(c);
    return NULL;
}

static long file_size(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s DB actions|all|gen-actions|gen-all BATCH [auto|bg|end] [short|real]\n", argv[0]);
        return 2;
    }
    db_path = argv[1];
    sequential_ids = getenv("FLOOR_SEQUENTIAL_IDS") != NULL;
    const char *mode = argv[2];
    long batch = atol(argv[3]);
    const char *ck = argc > 4 ? argv[4] : "auto";
    audit_real = argc > 5 && strcmp(argv[5], "real") == 0;
    ckpt_mode = strcmp(ck, "bg") == 0 ? 1 : strcmp(ck, "end") == 0 ? 2 : 0;
    int all = strstr(mode, "all") != NULL;
    gen_only = strncmp(mode, "gen", 3) == 0;

    char p[4096];
    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path); unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path); unlink(p);

    double t0 = now_s();
    pthread_t thread;
    if (!gen_only) {
        if (sqlite3_open(db_path, &db) != SQLITE_OK) die("open");
        sqlite3_busy_timeout(db, 10000);
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
        /* FLOOR_CACHE_KB: the page cache size in KiB (default 8192, the store's). */
        const char *cache_kb = getenv("FLOOR_CACHE_KB");
        char cache_pragma[64];
        snprintf(cache_pragma, sizeof cache_pragma, "PRAGMA cache_size = -%ld", cache_kb ? atol(cache_kb) : 8192L);
        exec(cache_pragma);
        exec("PRAGMA foreign_keys = ON");
        exec("BEGIN IMMEDIATE");
        exec(SCHEMA);
        exec("COMMIT");
        if (ckpt_mode == 1) {
            sqlite3_wal_hook(db, wal_hook, NULL); /* replaces the automatic checkpoint */
            pthread_create(&thread, NULL, checkpointer, NULL);
        } else if (ckpt_mode == 2) {
            exec("PRAGMA wal_autocheckpoint = 0");
        }
        st_action = prepare(ACTION_SQL);
        st_event = prepare(EVENT_SQL);
        st_audit = prepare(AUDIT_SQL);
        st_head = prepare(HEAD_SQL);
    }

    long txns = 0, n_actions = 0, n_events = 0, n_audit = 0;
    struct ev e;
    if (!all) {
        /* Actions only; event context k -> k * 100000 / 446127 (4-5 actions per user and event). */
        long ev_index = -1;
        int open = 0;
        for (long k = 0; k < N_ACTIONS; k++) {
            long want = (long)((int64_t)k * N_EVENTS / N_ACTIONS);
            if (want != ev_index) { make_event(&e, want); ev_index = want; }
            if (!open) { if (!gen_only) exec("BEGIN IMMEDIATE"); open = 1; }
            insert_action(&e);
            n_actions++;
            if (batch > 0 && n_actions % batch == 0) { if (!gen_only) exec("COMMIT"); open = 0; txns++; }
        }
        if (open) { if (!gen_only) exec("COMMIT"); txns++; }
    } else {
        long per = batch > 0 ? batch : N_EVENTS;
        static struct ev evs[N_EVENTS];
        static char (*act_ids)[32];
        static char (*act_json)[1024];
        act_ids = malloc((size_t)N_ACTIONS * 32);
        act_json = audit_real ? malloc((size_t)N_ACTIONS * 1024) : NULL;
        for (long first = 0; first < N_EVENTS; first += per) {
            long last = first + per < N_EVENTS ? first + per : N_EVENTS;
            if (!gen_only) exec("BEGIN IMMEDIATE");
            for (long i = first; i < last; i++) { make_event(&evs[i], i); insert_event(&evs[i]); n_events++; }
            long a0 = (long)((int64_t)first * N_ACTIONS / N_EVENTS), a1 = (long)((int64_t)last * N_ACTIONS / N_EVENTS);
            long slot = 0;
            for (long i = first; i < last; i++) {
                long k0 = (long)((int64_t)i * N_ACTIONS / N_EVENTS), k1 = (long)((int64_t)(i + 1) * N_ACTIONS / N_EVENTS);
                for (long k = k0; k < k1; k++) {
                    insert_action(&evs[i]);
                    memcpy(act_ids[slot], last_action_id, 32);
                    if (audit_real) memcpy(act_json[slot], action_json, 1024);
                    slot++;
                    n_actions++;
                }
            }
            (void)a0; (void)a1;
            /* Audit in AuditLog.entries order: events, then actions, then the rest (violations etc.). */
            for (long i = first; i < last; i++) {
                if (audit_real) {
                    char content[400], ts[32], sha[65];
                    iso8601(ts, evs[i].time);
                    hex(sha, 64);
                    snprintf(content, sizeof content,
                             "{\"id\":\"%s\",\"claimed_id\":null,\"type\":\"dsync.user.updated\",\"source\":\"file\",\"outcome\":\"applied\","
                             "\"reason\":null,\"effective_at\":\"%s\",\"received_at\":\"%s\",\"payload_sha256\":\"%s\"}",
                             evs[i].id, ts, ts, sha);
                    insert_audit(evs[i].time, "event", evs[i].id, content);
                } else {
                    insert_audit(evs[i].time, "event", evs[i].id, NULL);
                }
                n_audit++;
            }
            int64_t at = evs[last - 1].time;
            for (long j = 0; j < slot; j++) {
                insert_audit(at, "action", act_ids[j], audit_real ? act_json[j] : NULL);
                n_audit++;
            }
            long extra0 = (long)((int64_t)first * (N_AUDIT - N_EVENTS - N_ACTIONS) / N_EVENTS);
            long extra1 = (long)((int64_t)last * (N_AUDIT - N_EVENTS - N_ACTIONS) / N_EVENTS);
            for (long j = extra0; j < extra1; j++) {
                char vid[32];
                memcpy(vid, "vio_", 4);
                hex(vid + 4, 24);
                insert_audit(at, "violation", vid, NULL);
                n_audit++;
            }
            if (!gen_only) {
                sqlite3_bind_text(st_head, 1, prev_hash, 64, SQLITE_TRANSIENT);
                run(st_head);
                exec("COMMIT");
            }
            txns++;
        }
    }
    double t_ins = now_s();
    if (!gen_only) {
        if (ckpt_mode == 1) {
            pthread_mutex_lock(&mu);
            closed = 1;
            pthread_cond_signal(&cv);
            pthread_mutex_unlock(&mu);
            pthread_join(thread, NULL);
        }
        long wal = file_size((snprintf(p, sizeof p, "%s-wal", db_path), p));
        /* SQLiteStore.close(): TRUNCATE checkpoint, then close. */
        exec("PRAGMA wal_checkpoint(TRUNCATE)");
        sqlite3_finalize(st_action); sqlite3_finalize(st_event); sqlite3_finalize(st_audit); sqlite3_finalize(st_head);
        if (sqlite3_close(db) != SQLITE_OK) die("close");
        fprintf(stderr, "wal before final checkpoint %.1f MB, db %.1f MB", wal / 1e6, file_size(db_path) / 1e6);
        if (ckpt_mode == 1) fprintf(stderr, ", bg checkpoints %d (restart %d)", bg_checkpoints, bg_restarts);
        fprintf(stderr, "\n");
    }
    double t1 = now_s();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr,
            "%s batch=%ld ckpt=%s audit=%s: %ld actions, %ld events, %ld audit, %ld txns; "
            "insert %.2f s, final checkpoint+close %.2f s, cpu %.2f user %.2f sys\n",
            mode, batch, ck, audit_real ? "real" : "short", n_actions, n_events, n_audit, txns, t_ins - t0, t1 - t_ins,
            ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6, ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
    /* Bytes and calls through read()/write() (page cache included), for the sys-time share. */
    FILE *io = fopen("/proc/self/io", "r");
    if (io) {
        char line[128];
        fprintf(stderr, "io:");
        while (fgets(line, sizeof line, io))
            if (!strncmp(line, "rchar", 5) || !strncmp(line, "wchar", 5) || !strncmp(line, "syscr", 5) || !strncmp(line, "syscw", 5)) {
                line[strcspn(line, "\n")] = 0;
                fprintf(stderr, " %s", line);
            }
        fprintf(stderr, "\n");
        fclose(io);
    }
    return 0;
}
