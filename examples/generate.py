#!/usr/bin/env python3
"""Generate the bundled Halcyon Systems WorkOS Directory Sync example stream.

    python3 examples/generate.py

writes, next to this script:

  events.jsonl  one compact WorkOS event per line, in *delivery* order
  README.md     the story, the delivery anomalies (with line numbers) and what Warden should do

Deterministic and stdlib-only: every id and timestamp is derived from the story below (ids from
SHA-256 of fixed strings, no clock, no unseeded randomness), so two runs give byte-identical files.

The company, directory ids and group names come from docs/example-company.md; the event shapes
from the WorkOS Directory Sync reference (envelope, directory_user, directory_group, membership,
directory, directory_token). Read the story top-down: PEOPLE, then BEATS (dated story beats), then
DELIVERY (duplicates and out-of-order deliveries). The machinery is at the bottom.
"""

import copy
import datetime as dt
import hashlib
import json
import os
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------------------------
# Fixed identifiers (docs/example-company.md)
# --------------------------------------------------------------------------------------------

ORG = "org_01HALCYON000000000000000000"
OKTA = "directory_01HALCYONOKTA00000000000000"
AGENCY = "directory_01HALCYONAGENCY000000000000"

DIRECTORIES = {
    OKTA: dict(
        name="Halcyon Systems Okta", type="okta scim v2.0", domain="example.com",
        domain_id="org_domain_01HALCYONEXAMPLECOM0000000", created_at="2026-08-28T15:12:09.000Z",
    ),
    AGENCY: dict(
        name="Brightpath Staffing Google Workspace", type="gsuite directory",
        domain="brightpath-staffing.example", domain_id="org_domain_01HALCYONBRIGHTPATH0000000",
        created_at="2026-08-31T10:04:51.000Z",
    ),
}

# Group ids follow the mandated Security id: directory_group_01HALCYON<CODE>, zero-padded to 25.
OKTA_GROUPS = [  # (name, code) -- the 15 policy groups, exact names, plus one unused group
    ("All Staff", "ALLSTAFF"), ("Engineering", "ENGINEERING"), ("Platform", "PLATFORM"),
    ("Data", "DATA"), ("SRE On-Call", "SREONCALL"), ("GitHub Admins", "GITHUBADMINS"),
    ("AWS Admins", "AWSADMINS"), ("AWS Billing", "AWSBILLING"), ("Security", "SECURITY"),
    ("Sales", "SALES"), ("Customer Success", "CUSTSUCCESS"), ("Finance", "FINANCE"),
    ("People Ops", "PEOPLEOPS"), ("Leadership", "LEADERSHIP"), ("Contractors", "CONTRACTORS"),
    ("Book Club", "BOOKCLUB"),  # not used by any policy; renamed, then deleted
]
# A WorkOS group belongs to exactly one directory, so the agency's Google Workspace has its own
# "Engineering" and "Contractors" groups (same names, different ids and directory_id).
AGENCY_GROUPS = [("Engineering", "AGYENGINEERING"), ("Contractors", "AGYCONTRACTORS")]

COST_CENTER = {
    "Engineering": "CC-100", "Data": "CC-200", "Security": "CC-300", "Sales": "CC-400",
    "Customer Success": "CC-500", "Finance": "CC-600", "People": "CC-700", "Executive": "CC-800",
}

# --------------------------------------------------------------------------------------------
# People: (login, job_title, department, location, manager login or None, extra groups[, kw])
# Everyone in Okta is also in "All Staff". Agency contractors are in Engineering + Contractors.
# --------------------------------------------------------------------------------------------

Person = namedtuple("Person", "login title department location manager groups directory "
                              "employment_type role")


def P(login, title, department, location, manager, groups, directory=OKTA,
      employment_type="employee", role="member"):
    return Person(login, title, department, location, manager, groups, directory,
                  employment_type, role)


EMPLOYEES = [  # 23 people synced on 2026-09-01
    P("ada.lovelace", "Chief Executive Officer", "Executive", "London", None, ["Leadership", "Book Club"]),
    P("charles.babbage", "Chief Technology Officer", "Executive", "London", "ada.lovelace", ["Leadership"]),
    P("barbara.liskov", "Engineering Manager", "Engineering", "Berlin", "charles.babbage",
      ["Engineering", "Platform", "GitHub Admins"]),
    P("grace.hopper", "Senior Platform Engineer", "Engineering", "New York", "barbara.liskov",
      ["Engineering", "Platform", "SRE On-Call", "Book Club"]),
    P("ken.thompson", "Principal Engineer", "Engineering", "Remote", "barbara.liskov",
      ["Engineering", "Platform", "GitHub Admins", "AWS Admins", "SRE On-Call"], role="admin"),
    P("dennis.ritchie", "Staff Engineer", "Engineering", "Berlin", "barbara.liskov",
      ["Engineering", "Platform", "GitHub Admins", "AWS Admins"]),
    P("alan.turing", "Software Engineer", "Engineering", "London", "barbara.liskov", ["Engineering"]),
    P("edsger.dijkstra", "Senior Software Engineer", "Engineering", "Berlin", "barbara.liskov",
      ["Engineering", "Book Club"]),
    P("margaret.hamilton", "Senior Software Engineer", "Engineering", "New York", "barbara.liskov",
      ["Engineering"]),
    P("frances.allen", "Senior Software Engineer", "Engineering", "New York", "barbara.liskov",
      ["Engineering"]),
    P("john.backus", "Software Engineer", "Engineering", "Remote", "barbara.liskov", ["Engineering"]),
    P("niklaus.wirth", "Software Engineer", "Engineering", "Berlin", "barbara.liskov", ["Engineering"]),
    P("katherine.johnson", "Data Engineering Manager", "Data", "New York", "charles.babbage", ["Data"]),
    P("claude.shannon", "Data Engineer", "Data", "Remote", "katherine.johnson", ["Data"]),
    P("whitfield.diffie", "Security Engineering Manager", "Security", "Remote", "charles.babbage",
      ["Security"], role="admin"),
    P("radia.perlman", "Security Engineer", "Security", "London", "whitfield.diffie",
      ["Security", "SRE On-Call"]),
    P("kathleen.booth", "VP Sales", "Sales", "London", "ada.lovelace", ["Sales", "Leadership"]),
    P("betty.holberton", "Account Executive", "Sales", "New York", "kathleen.booth", ["Sales"]),
    P("hedy.lamarr", "Head of Customer Success", "Customer Success", "New York", "ada.lovelace",
      ["Customer Success", "Book Club"]),
    P("herman.hollerith", "Finance Director", "Finance", "London", "ada.lovelace",
      ["Finance", "AWS Billing"]),
    P("annie.easley", "Financial Analyst", "Finance", "Remote", "herman.hollerith",
      ["Finance", "AWS Billing"]),
    P("lynn.conway", "Head of People", "People", "Berlin", "ada.lovelace", ["People Ops"]),
    P("adele.goldberg", "People Operations Partner", "People", "Berlin", "lynn.conway", ["People Ops"]),
]

CONTRACTORS = [  # Brightpath Staffing, synced from the agency's Google Workspace on 2026-09-01
    P(login, title, "Engineering", "Remote", "barbara.liskov", ["Engineering", "Contractors"],
      directory=AGENCY, employment_type="contractor")
    for login, title in [("alonzo.church", "Contract Software Engineer"),
                         ("haskell.curry", "Contract QA Engineer"),
                         ("konrad.zuse", "Contract DevOps Engineer")]
]

JOINERS = [  # hired during the seven weeks
    P("john.mccarthy", "Data Engineer", "Data", "London", "katherine.johnson", ["Data"]),
    P("leslie.lamport", "Senior Platform Engineer", "Engineering", "Remote", "barbara.liskov",
      ["Engineering", "Platform"]),
    P("evelyn.berezin", "Software Engineering Intern", "Engineering", "New York", "margaret.hamilton",
      ["Engineering"], employment_type="intern"),
    P("jean.sammet", "Customer Success Manager", "Customer Success", "Berlin", "hedy.lamarr",
      ["Customer Success"]),
]

# --------------------------------------------------------------------------------------------
# Operations used by the story. Each op becomes one event (at most); `tag` names an event so the
# DELIVERY section and the README can refer to it; `gap` is the pause after it, in ms.
# --------------------------------------------------------------------------------------------

Op = namedtuple("Op", "kind args tag gap")


def op(kind, *args, tag=None, gap=None):
    return Op(kind, args, tag, gap)


def activate(directory, **kw): return op("activate", directory, **kw)
def create_group(directory, name, **kw): return op("group_create", directory, name, **kw)
def rename_group(directory, old, new, **kw): return op("group_rename", directory, old, new, **kw)
def delete_group(directory, name, **kw): return op("group_delete", directory, name, **kw)
def create_user(login, **kw): return op("user_create", login, **kw)
def add(login, group, **kw): return op("add", login, group, **kw)
def remove(login, group, **kw): return op("remove", login, group, **kw)
def update(login, **changes): return op("update", login, changes, tag=changes.pop("tag", None))
def deactivate(login, **kw): return op("update", login, {"state": "inactive"}, **kw)
def reactivate(login, **kw): return op("update", login, {"state": "active"}, **kw)
def delete_user(login, **kw): return op("user_delete", login, **kw)
def token_created(token, **kw): return op("token_created", token, **kw)
def token_revoked(token, **kw): return op("token_revoked", token, **kw)
def unknown_event(name, login, **kw): return op("unknown", name, login, **kw)
def delete_directory(directory, **kw): return op("directory_delete", directory, **kw)


def sync_people(people):
    """What WorkOS sends when people are provisioned: user.created, then one user_added per group."""
    ops = []
    for p in people:
        ops.append(create_user(p.login, tag=f"{p.login}:created"))
        groups = (["All Staff"] if p.directory == OKTA else []) + p.groups
        ops += [add(p.login, g, tag=f"{p.login}:+{g}") for g in groups]
    return ops


TOKENS = {  # Okta SCIM bearer tokens; A was made at setup (2026-08-28, before the stream starts)
    "A": dict(id="directory_token_01HALCYONOKTATOKENA0000000", suffix="q7Xm",
              created_at="2026-08-28T15:20:44.000Z"),
    "B": dict(id="directory_token_01HALCYONOKTATOKENB0000000", suffix="Lp3R", created_at=None),
}

# --------------------------------------------------------------------------------------------
# The story: dated beats. `effect` is what Warden should do (README); {due:X} placeholders are
# filled with the beat's effective time (its first event's created_at) + Settings default X.
# --------------------------------------------------------------------------------------------

Beat = namedtuple("Beat", "at who what effect ops")

BEATS = [
    Beat("2026-09-01T09:00:00", "Okta directory, 16 groups, 23 employees",
         "Initial sync: `dsync.activated`, the 15 policy groups plus `Book Club`, 23 employees with "
         "their memberships (All Staff + department groups; admins, on-call, leadership)",
         "joiner → `provision` for every app whose rules match, due {due:provision}. "
         "grace.hopper also gets AWS `admin` from her policy exception (not from a group).",
         [activate(OKTA, gap=5000)]
         + [create_group(OKTA, name, gap=450) for name, _ in OKTA_GROUPS]
         + sync_people(EMPLOYEES)),
    Beat("2026-09-01T09:30:00", "alonzo.church, haskell.curry, konrad.zuse (agency)",
         "Agency Google Workspace activated; its `Engineering` and `Contractors` groups; 3 contractors "
         "(`employment_type: contractor`, department Engineering)",
         "joiner → `provision` for the contractor-eligible apps, due {due:provision}.",
         [activate(AGENCY, gap=4000)]
         + [create_group(AGENCY, name, gap=450) for name, _ in AGENCY_GROUPS]
         + sync_people(CONTRACTORS)),
    Beat("2026-09-07T08:15:00", "john.mccarthy", "Joiner: Data Engineer (All Staff, Data)",
         "joiner → `provision`, due {due:provision}.", sync_people([JOINERS[0]])),
    Beat("2026-09-08T16:20:00", "group `Book Club`", "Renamed to `Reading Circle`",
         "No policy uses it: no action. Warden re-evaluates its 4 members and finds no change.",
         [rename_group(OKTA, "Book Club", "Reading Circle", tag="bookclub:renamed")]),
    Beat("2026-09-10T11:05:00", "margaret.hamilton",
         "Mover: title `Senior Software Engineer` → `Engineering Manager`",
         "mover → `grant` of any role keyed on `job_title` (e.g. manager roles), due {due:provision}; "
         "otherwise no action.",
         [update("margaret.hamilton", job_title="Engineering Manager", tag="margaret:title")]),
    Beat("2026-09-14T09:40:00", "edsger.dijkstra", "Mover: added to `SRE On-Call`",
         "mover → `grant` of on-call roles, due {due:provision}.",
         [add("edsger.dijkstra", "SRE On-Call", tag="edsger:+SRE On-Call")]),
    Beat("2026-09-15T17:45:00", "frances.allen", "Leaver: deactivated (`state: inactive`)",
         "leaver → `suspend` (apps with `leaver.inactive: suspend`, due {due:suspend}) or `deprovision` "
         "(due {due:deprovision}) of every account.",
         [deactivate("frances.allen", tag="frances:inactive")]),
    Beat("2026-09-17T10:30:00", "alan.turing",
         "Mover: Engineering → Sales (department, title `Sales Engineer`, manager, cost center; removed "
         "from `Engineering`, added to `Sales`)",
         "mover → `revoke` of Engineering-only roles (due {due:revoke} + the app's mover grace) and "
         "`grant`/`provision` of Sales roles (due {due:provision}).",
         [update("alan.turing", department="Sales", job_title="Sales Engineer",
                 manager_email="kathleen.booth@example.com", cost_center="CC-400", tag="alan:moved"),
          remove("alan.turing", "Engineering", tag="alan:-Engineering"),
          add("alan.turing", "Sales", tag="alan:+Sales")]),
    Beat("2026-09-21T08:30:00", "leslie.lamport",
         "Joiner: Senior Platform Engineer (All Staff, Engineering, Platform); the first membership "
         "is delivered before `dsync.user.created`",
         "joiner → `provision`, due {due:provision}; the early membership creates the user from its "
         "embedded object, the late `user.created` changes nothing.",
         sync_people([JOINERS[1]])),
    Beat("2026-09-21T09:50:00", "edsger.dijkstra", "Mover: removed from `SRE On-Call` one week later",
         "mover → `revoke` of the on-call roles, due {due:revoke} (+ grace).",
         [remove("edsger.dijkstra", "SRE On-Call", tag="edsger:-SRE On-Call")]),
    Beat("2026-09-22T14:00:00", "dennis.ritchie", "Mover: removed from `GitHub Admins`",
         "mover → `revoke` GitHub `admin` (he keeps `member` via Engineering), due {due:revoke} (+ grace).",
         [remove("dennis.ritchie", "GitHub Admins", tag="dennis:-GitHub Admins")]),
    Beat("2026-09-24T18:05:00", "john.backus", "Leaver (temporary): deactivated",
         "leaver → `suspend` (due {due:suspend}) or `deprovision` (due {due:deprovision}).",
         [deactivate("john.backus", tag="backus:inactive")]),
    Beat("2026-09-28T08:20:00", "evelyn.berezin",
         "Joiner: Software Engineering Intern (`employment_type: intern`, manager margaret.hamilton)",
         "joiner → `provision` only where rules admit interns (a rule on `employment_type: "
         "[employee, contractor]` gives her nothing), due {due:provision}.",
         sync_people([JOINERS[2]])),
    Beat("2026-09-28T10:10:00", "john.backus", "Reactivated four days later (`state: active`)",
         "suspended → `restore`, or none → `provision` where his account was deprovisioned, "
         "due {due:provision}; pending removals are superseded if still open.",
         [reactivate("john.backus", tag="backus:active")]),
    Beat("2026-09-29T13:00:00", "Okta SCIM token", "Token rotation: new token B created, old token A "
         "revoked 25 minutes later", "Recorded; no access change.",
         [token_created("B", gap=25 * 60 * 1000, tag="token:created"),
          token_revoked("A", tag="token:revoked")]),
    Beat("2026-09-30T16:40:00", "niklaus.wirth",
         "Leaver: deactivated in Okta; the secure flow deletes him (payload state inactive)",
         "leaver → `deprovision` of every account, due {due:deprovision} (deleted always deprovisions).",
         [delete_user("niklaus.wirth", tag="wirth:deleted")]),
    Beat("2026-10-01T09:12:00", "frances.allen", "An event of unknown type arrives (embeds her user object)",
         "Recorded as unknown and ignored; no state change, no action.",
         [unknown_event("dsync.user.archived", "frances.allen", tag="unknown")]),
    Beat("2026-10-05T08:25:00", "jean.sammet", "Joiner: Customer Success Manager",
         "joiner → `provision`, due {due:provision}.", sync_people([JOINERS[3]])),
    Beat("2026-10-06T10:00:00", "claude.shannon", "Update 1: location Remote → Berlin "
         "(this event is delivered late, after update 2)",
         "No access change expected (location only).",
         [update("claude.shannon", location="Berlin", tag="shannon:update1")]),
    Beat("2026-10-06T15:30:00", "claude.shannon", "Update 2: title `Data Engineer` → `Senior Data Engineer`",
         "No access change expected. When the stale update 1 arrives afterwards, its older "
         "`updated_at` must not regress the title.",
         [update("claude.shannon", job_title="Senior Data Engineer", tag="shannon:update2")]),
    Beat("2026-10-08T17:30:00", "betty.holberton", "Leaver: deactivated",
         "leaver → `suspend` (due {due:suspend}) or `deprovision` (due {due:deprovision}).",
         [deactivate("betty.holberton", tag="betty:inactive")]),
    Beat("2026-10-12T11:00:00", "group `Reading Circle`", "Group deleted (no per-member `user_removed` events)",
         "Its memberships disappear with it; no policy uses it: no action.",
         [delete_group(OKTA, "Reading Circle", tag="readingcircle:deleted")]),
    Beat("2026-10-15T14:00:00", "agency directory (alonzo.church, haskell.curry, konrad.zuse)",
         "`dsync.deleted` for the Brightpath directory, alone (no per-user deletes); 41 s later a "
         "late `dsync.user.updated` for konrad.zuse from the deleted directory",
         "Every user of the directory becomes `deleted` → `deprovision` of all 3 contractors' "
         "accounts, due {due:deprovision}. The late update is recorded and ignored (tombstoned "
         "directory): no resurrection, no action.",
         [delete_directory(AGENCY, gap=41000, tag="agency:deleted"),
          update("konrad.zuse", job_title="Senior Contract DevOps Engineer", tag="zuse:late")]),
    Beat("2026-10-19T09:30:00", "leslie.lamport", "Mover: added to `SRE On-Call` after onboarding",
         "mover → `grant` of on-call roles, due {due:provision}.",
         [add("leslie.lamport", "SRE On-Call", tag="leslie:+SRE On-Call")]),
]

# --------------------------------------------------------------------------------------------
# Delivery: the file is in delivery order, which is created_at order except for these.
# --------------------------------------------------------------------------------------------

# Exact re-deliveries (same id, same bytes): (tag of the original event, delivered at).
DUPLICATES = [
    ("frances:inactive", "2026-09-17T12:00:00"),   # leaver event re-sent two days later
    ("alan:-Engineering", "2026-09-18T04:00:00"),  # mover removal re-sent overnight
    ("wirth:deleted", "2026-10-02T06:30:00"),      # deletion re-sent: must not re-create him
]

# Late deliveries: (tag of the event, delivered right after the event with this tag).
LATE = [
    # leslie.lamport's user.created fails its first attempt; her All Staff membership lands first.
    ("leslie.lamport:created", "leslie.lamport:+All Staff"),
    # claude.shannon's update 1 is retried and lands after the newer update 2 (stale).
    ("shannon:update1", "shannon:update2"),
]

# --------------------------------------------------------------------------------------------
# Machinery
# --------------------------------------------------------------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SEED = "halcyon-systems-example-v1"
DEADLINES_H = {"provision": 24, "revoke": 24, "suspend": 1, "deprovision": 4}  # Settings defaults


def digest(*parts):
    return int.from_bytes(hashlib.sha256("|".join((SEED,) + parts).encode()).digest(), "big")


def encode(n, alphabet, width):
    out = ""
    for _ in range(width):
        n, r = divmod(n, len(alphabet))
        out = alphabet[r] + out
    return out


def padded(prefix, code, width):
    return prefix + (("01HALCYON" + code)[:width]).ljust(width, "0")


def parse(ts):
    return dt.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.timezone.utc)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def ms(n):
    return dt.timedelta(milliseconds=n)


def name_of(login):
    first, last = login.split(".")
    return first.capitalize(), last.capitalize()


def email_of(p):
    return f"{p.login}@{DIRECTORIES[p.directory]['domain']}"


class World:
    """Current state of both directories, so every payload embeds full, current objects."""

    def __init__(self):
        self.people = {p.login: p for p in EMPLOYEES + CONTRACTORS + JOINERS}
        self.users, self.groups, self.directories, self.tokens = {}, {}, {}, {}
        self.events = []  # dicts: seq, tag, beat, event (the envelope)

    # -- objects -------------------------------------------------------------------------------
    def group_id(self, directory, name):
        codes = dict(OKTA_GROUPS if directory == OKTA else AGENCY_GROUPS)
        return padded("directory_group_", codes[name], 25)

    def new_user(self, p, at):
        first, last = name_of(p.login)
        attrs = {"department": p.department, "employment_type": p.employment_type, "job_title": p.title}
        if p.manager:  # the CEO has no manager: the attribute is absent
            attrs["manager_email"] = f"{p.manager}@example.com"
        attrs.update(cost_center=COST_CENTER[p.department], location=p.location)
        if p.directory == OKTA:
            idp = "00u" + encode(digest("okta-user", p.login), BASE62, 17)
        else:
            idp = "1" + str(digest("gws-user", p.login))[:20]
        code = (first + last).upper()
        return {
            "object": "directory_user", "id": padded("directory_user_", code, 26),
            "directory_id": p.directory, "organization_id": ORG, "idp_id": idp,
            "email": email_of(p), "first_name": first, "last_name": last, "name": f"{first} {last}",
            "state": "active", "custom_attributes": attrs, "role": {"slug": p.role},
            "roles": [{"slug": p.role}], "created_at": iso(at), "updated_at": iso(at),
        }

    def new_group(self, directory, name, at):
        gid = self.group_id(directory, name)
        if directory == OKTA:
            idp = "00g" + encode(digest("okta-group", name), BASE62, 17)
        else:
            idp = "03" + encode(digest("gws-group", name), "0123456789abcdefghijklmnopqrstuvwxyz", 13)
        return {"object": "directory_group", "id": gid, "idp_id": idp, "directory_id": directory,
                "organization_id": ORG, "name": name, "created_at": iso(at), "updated_at": iso(at)}

    def directory(self, directory, at, deleted=False):
        d = DIRECTORIES[directory]
        obj = {"object": "directory", "id": directory, "organization_id": ORG}
        if not deleted:
            obj["external_key"] = encode(digest("external-key", directory), BASE62, 16)
        obj.update(name=d["name"], type=d["type"], state="deleting" if deleted else "active")
        if not deleted:
            obj["domains"] = [{"object": "organization_domain", "id": d["domain_id"], "domain": d["domain"]}]
        obj.update(created_at=d["created_at"], updated_at=iso(at))
        return obj

    def token(self, key, at):
        t = TOKENS[key]
        if t["created_at"] is None:
            t["created_at"] = iso(at)
        return {"object": "directory_token", "id": t["id"], "directory_id": OKTA, "organization_id": ORG,
                "token_suffix": t["suffix"], "created_at": t["created_at"]}

    def find_group(self, login, name):
        directory = self.people[login].directory
        return next(g for g in self.groups.values() if g["directory_id"] == directory and g["name"] == name)

    @staticmethod
    def touch(obj, at):
        assert iso(at) > obj["updated_at"], f"updated_at must move forward for {obj['id']}"
        obj["updated_at"] = iso(at)

    # -- events --------------------------------------------------------------------------------
    def emit(self, name, data, at, tag, beat):
        lag = 40 + digest("lag", name, iso(at)) % 160  # the event is created shortly after the change
        self.events.append({"tag": tag, "beat": beat, "name": name, "created": at + ms(lag),
                            "data": copy.deepcopy(data)})

    def apply(self, o, at, beat):
        k, a = o.kind, o.args
        if k == "activate":
            self.emit("dsync.activated", self.directory(a[0], at), at, o.tag, beat)
        elif k == "directory_delete":
            self.emit("dsync.deleted", self.directory(a[0], at, deleted=True), at, o.tag, beat)
        elif k == "group_create":
            g = self.new_group(a[0], a[1], at)
            self.groups[g["id"]] = g
            self.emit("dsync.group.created", g, at, o.tag, beat)
        elif k == "group_rename":
            g = next(g for g in self.groups.values() if g["directory_id"] == a[0] and g["name"] == a[1])
            g["name"] = a[2]
            self.touch(g, at)
            self.emit("dsync.group.updated", dict(g, previous_attributes={"name": a[1]}), at, o.tag, beat)
        elif k == "group_delete":
            g = next(g for g in self.groups.values() if g["directory_id"] == a[0] and g["name"] == a[1])
            self.touch(g, at)
            self.emit("dsync.group.deleted", g, at, o.tag, beat)
            del self.groups[g["id"]]
        elif k == "user_create":
            u = self.new_user(self.people[a[0]], at)
            self.users[a[0]] = u
            self.emit("dsync.user.created", u, at, o.tag, beat)
        elif k in ("add", "remove"):
            u, g = self.users[a[0]], self.find_group(a[0], a[1])
            name = "dsync.group.user_added" if k == "add" else "dsync.group.user_removed"
            self.emit(name, {"directory_id": u["directory_id"], "user": u, "group": g}, at, o.tag, beat)
        elif k == "update":
            u, previous = self.users[a[0]], {}
            for key, value in a[1].items():
                if key == "state":
                    previous["state"] = u["state"]
                    u["state"] = value
                else:
                    previous.setdefault("custom_attributes", {})[key] = u["custom_attributes"].get(key)
                    u["custom_attributes"][key] = value
            self.touch(u, at)
            self.emit("dsync.user.updated", dict(u, previous_attributes=previous), at, o.tag, beat)
        elif k == "user_delete":
            u = self.users[a[0]]
            u["state"] = "inactive"  # secure flow: the user went inactive and WorkOS deleted it
            self.touch(u, at)
            self.emit("dsync.user.deleted", u, at, o.tag, beat)
        elif k == "token_created":
            self.emit("dsync.token.created", self.token(a[0], at), at, o.tag, beat)
        elif k == "token_revoked":
            self.emit("dsync.token.revoked", self.token(a[0], at), at, o.tag, beat)
        elif k == "unknown":
            self.emit(a[0], self.users[a[1]], at, o.tag, beat)
        else:
            raise ValueError(k)

    def run(self):
        for b, beat in enumerate(BEATS):
            t = parse(beat.at)
            for i, o in enumerate(beat.ops):
                self.apply(o, t, b)
                gap = o.gap if o.gap is not None else 700 + digest("gap", str(b), str(i)) % 900
                t += ms(gap)
        # ids in created_at order, ULID-like: 01HALC + 4-char sequence + 16 hash chars
        self.events.sort(key=lambda e: e["created"])
        for seq, e in enumerate(self.events):
            suffix = encode(digest("event", str(seq), e["name"], iso(e["created"])), CROCKFORD, 16)
            e["id"] = "event_01HALC" + encode(seq, CROCKFORD, 4) + suffix
            e["envelope"] = {"object": "event", "id": e["id"], "event": e["name"], "data": e["data"],
                             "created_at": iso(e["created"])}
        return self.events


def delivery_order(events):
    """Returns [(event, kind)] in delivery order; kind is None, 'duplicate' or 'late'."""
    by_tag = {e["tag"]: e for e in events if e["tag"]}
    late = {by_tag[t]["id"]: after for t, after in LATE}
    order = [(e, None) for e in events if e["id"] not in late]
    for tag, after in LATE:
        i = next(i for i, (e, _) in enumerate(order) if e["tag"] == after)
        order.insert(i + 1, (by_tag[tag], "late"))
    for tag, when in DUPLICATES:
        when = parse(when)
        i = next(i for i, (e, _) in enumerate(order) if e["created"] > when)
        order.insert(i, (by_tag[tag], "duplicate"))
    return order


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

ALL_TYPES = ["dsync.activated", "dsync.deleted", "dsync.user.created", "dsync.user.updated",
             "dsync.user.deleted", "dsync.group.created", "dsync.group.updated", "dsync.group.deleted",
             "dsync.group.user_added", "dsync.group.user_removed", "dsync.token.created",
             "dsync.token.revoked"]


def line_ranges(numbers):
    numbers, out = sorted(numbers), []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in out)


def hhmm(t):
    return t.strftime("%m-%d %H:%M")


def fill_effect(text, effective):
    for k, h in DEADLINES_H.items():
        text = text.replace("{due:%s}" % k, f"{h}h → by {hhmm(effective + dt.timedelta(hours=h))}")
    return text


def readme(order):
    lines_of = {}  # id -> [line numbers]
    for n, (e, _) in enumerate(order, 1):
        lines_of.setdefault(e["id"], []).append(n)
    by_tag = {e["tag"]: e for e, _ in order if e["tag"]}
    first_line = {e["tag"]: lines_of[e["id"]][0] for e, _ in order if e["tag"]}
    counts = {}
    for e, _ in order:
        counts[e["name"]] = counts.get(e["name"], 0) + 1

    out = []
    w = out.append
    w("# Example: Halcyon Systems directory events (2026-09-01 → 2026-10-19)\n")
    w("`events.jsonl` is a WorkOS Directory Sync event stream for a 30-person slice of Halcyon Systems "
      "(see `docs/example-company.md`): 23 employees in the Okta directory "
      "(`directory_01HALCYONOKTA00000000000000`), 3 Brightpath Staffing contractors in the agency's "
      "Google Workspace (`directory_01HALCYONAGENCY000000000000`), and 4 hires during the seven weeks. "
      "It is what `warden ingest examples/events.jsonl` and `warden demo` read.\n")
    w("Regenerate (deterministic, stdlib only; two runs give byte-identical files):\n")
    w("```\npython3 examples/generate.py\n```\n")
    w("This README is written by the same script, so the line numbers below always match the file.\n")
    w("## Format\n")
    w(f"- {len(order)} lines, one compact JSON event each (`object`, `id`, `event`, `data`, `created_at`), "
      "in **delivery** order. That is `created_at` order, except for the anomalies below.")
    w("- Event ids are `event_01HALC` + 20 characters (26 after `event_`), increasing in `created_at` "
      "order. User ids are `directory_user_01HALCYON<NAME>…` (e.g. "
      "`directory_user_01HALCYONGRACEHOPPER000000`), group ids `directory_group_01HALCYON<CODE>…` "
      "(Security is `directory_group_01HALCYONSECURITY00000000`).")
    w("- Users carry `custom_attributes` `department`, `employment_type`, `job_title`, `manager_email` "
      "(absent for the CEO, ada.lovelace), `cost_center`, `location`; `role`/`roles` are `member` except "
      "ken.thompson and whitfield.diffie (`admin`). Membership events embed the full, current user and "
      "group. `updated_at` moves forward with every change of a user or group.")
    w("- `previous_attributes` of `dsync.user.updated` holds the old values: `{\"state\": \"active\"}` for a "
      "deactivation, `{\"custom_attributes\": {\"job_title\": …}}` for attribute changes (WorkOS's nesting for "
      "custom attributes is not confirmed; Warden upserts from the full object and should not depend on it).")
    w("- The agency's users are in that directory's own `Engineering` and `Contractors` groups (a WorkOS "
      "group belongs to one directory); the names match the policy group names. Okta's `Contractors` "
      "group exists but is empty.\n")
    w("Event types (counting duplicate deliveries): " +
      ", ".join(f"`{t}` {counts.get(t, 0)}" for t in ALL_TYPES) +
      "; plus `dsync.user.archived` 1 (unknown type).\n")

    w("## Story\n")
    w("Times are UTC. \"Effective\" is the `created_at` of the beat's first event; deadlines below use the "
      "`Settings` defaults (provision 24h, revoke 24h, suspend 1h, deprovision 4h) — an app's own "
      "`deadlines` and `mover.grace` override them. Which apps are affected depends on `policies/`.\n")
    w("| date | who | what | lines | expected effect in Warden |")
    w("|---|---|---|---|---|")
    for b, beat in enumerate(BEATS):
        evs = [e for e, kind in order if e["beat"] == b]
        nums = [n for n, (e, _) in enumerate(order, 1) if e["beat"] == b]
        effective = min(e["created"] for e in evs)
        types = []
        for e in evs:
            short = e["name"].replace("dsync.", "")
            if short not in types:
                types.append(short)
        w(f"| {iso(effective)[:16].replace('T', ' ')} | {beat.who} | {beat.what} "
          f"(`{'`, `'.join(types)}`) | {line_ranges(nums)} | {fill_effect(beat.effect, effective)} |")
    w("")

    w("## Delivery anomalies\n")
    w("| kind | line(s) | event | expected handling |")
    w("|---|---|---|---|")
    for tag, _ in DUPLICATES:
        e = by_tag[tag]
        a, b2 = lines_of[e["id"]]
        w(f"| exact duplicate | {a} (original), **{b2}** (re-delivery) | `{e['name']}` `{e['id']}` "
          f"({tag.split(':')[0]}) | same id already applied → no-op; no second action, nothing re-created |")
    e = by_tag["leslie.lamport:created"]
    w(f"| out of order: membership before user | **{first_line['leslie.lamport:+All Staff']}** "
      f"(`group.user_added` All Staff), {lines_of[e['id']][0]} (`user.created`) | `{e['id']}` | "
      "create leslie.lamport from the embedded user; the later `user.created` has the same `updated_at` "
      "→ no change, no second provision |")
    e1, e2 = by_tag["shannon:update1"], by_tag["shannon:update2"]
    w(f"| out of order: stale update | {lines_of[e2['id']][0]} (newer, `updated_at` "
      f"{e2['data']['updated_at']}), **{lines_of[e1['id']][0]}** (stale, `updated_at` "
      f"{e1['data']['updated_at']}) | `{e1['id']}` | last-writer-wins on `updated_at`: the stale event "
      "is recorded, not applied; title stays `Senior Data Engineer` |")
    e = by_tag["unknown"]
    w(f"| unknown event type | **{lines_of[e['id']][0]}** | `dsync.user.archived` `{e['id']}` | "
      "recorded as unknown, ignored, the batch goes on |")
    e = by_tag["zuse:late"]
    w(f"| event from a deleted directory | **{lines_of[e['id']][0]}** (after `dsync.deleted` on line "
      f"{first_line['agency:deleted']}) | `dsync.user.updated` konrad.zuse `{e['id']}` | directory is "
      "tombstoned → recorded, ignored; konrad.zuse stays `deleted` |")
    w(f"| token events | {first_line['token:created']}, {first_line['token:revoked']} | "
      "`dsync.token.created`, `dsync.token.revoked` | recorded; no user effect |")
    w("")

    w("## People and their story roles\n")
    w("| email | directory | role in the story |")
    w("|---|---|---|")
    for login, role in STORY_ROLES:
        p = next(p for p in EMPLOYEES + CONTRACTORS + JOINERS if p.login == login)
        w(f"| {email_of(p)} | {'agency' if p.directory == AGENCY else 'okta'} | {role} |")
    w("")
    w("Everyone else is a stable employee with no change in the window: " +
      ", ".join(email_of(p) for p in EMPLOYEES if p.login not in dict(STORY_ROLES)) + ".\n")
    return "\n".join(out)


STORY_ROLES = [
    ("grace.hopper", "exception holder: Platform engineer, not in `AWS Admins`; AWS `admin` comes from a "
                     "policy `Exception`"),
    ("john.mccarthy", "joiner 2026-09-07 (Data)"),
    ("leslie.lamport", "joiner 2026-09-21 (Platform; membership delivered before user.created); mover "
                       "2026-10-19 (+SRE On-Call)"),
    ("evelyn.berezin", "joiner 2026-09-28, intern"),
    ("jean.sammet", "joiner 2026-10-05 (Customer Success)"),
    ("alan.turing", "mover 2026-09-17: Engineering → Sales"),
    ("dennis.ritchie", "mover 2026-09-22: removed from GitHub Admins"),
    ("edsger.dijkstra", "mover: +SRE On-Call 2026-09-14, −SRE On-Call 2026-09-21"),
    ("margaret.hamilton", "mover 2026-09-10: title → Engineering Manager"),
    ("claude.shannon", "attribute updates 2026-10-06 (stale update delivered late)"),
    ("frances.allen", "leaver 2026-09-15: deactivated (duplicate delivery; unknown event on 10-01)"),
    ("betty.holberton", "leaver 2026-10-08: deactivated"),
    ("niklaus.wirth", "leaver 2026-09-30: deleted via `dsync.user.deleted` (duplicate delivery)"),
    ("john.backus", "leaver then returner: deactivated 2026-09-24, reactivated 2026-09-28"),
    ("alonzo.church", "agency contractor; leaver 2026-10-15 via `dsync.deleted`"),
    ("haskell.curry", "agency contractor; leaver 2026-10-15 via `dsync.deleted`"),
    ("konrad.zuse", "agency contractor; leaver 2026-10-15 via `dsync.deleted`; late update ignored"),
    ("barbara.liskov", "stable; GitHub Admins, manager of most engineers"),
    ("ken.thompson", "stable; GitHub Admins, AWS Admins, SRE On-Call"),
]


def main():
    events = World().run()
    order = delivery_order(events)
    body = "".join(json.dumps(e["envelope"], separators=(",", ":")) + "\n" for e, _ in order)

    # Self-checks: ids unique except the intended duplicates; all twelve dsync types present.
    ids = [e["id"] for e, _ in order]
    assert len(ids) - len(set(ids)) == len(DUPLICATES), "unexpected duplicate ids"
    assert set(ALL_TYPES) <= {e["name"] for e in events}, "missing event types"

    with open(os.path.join(HERE, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        f.write(body)
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(readme(order))
    print(f"wrote {len(order)} events ({len(set(ids))} distinct) to examples/events.jsonl and examples/README.md")


if __name__ == "__main__":
    main()
