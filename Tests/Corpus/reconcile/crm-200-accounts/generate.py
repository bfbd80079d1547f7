#!/usr/bin/env python3
"""Writes a reconcile case whose expected situations come from this script's own ground truth:
policies/, snapshot.json (the directory, imported with --baseline), export.csv (200 accounts),
expected.json (the situation of each export line, and the entitled users with no account)."""
import json, os, random

random.seed(200)
here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, "policies"), exist_ok=True)
open(os.path.join(here, "policies", "policies.yaml"), "w").write("""apiVersion: warden/v1
kind: Settings
fallback-owner: security
---
apiVersion: warden/v1
kind: Owner
id: security
name: Security
contact: security@example.com
---
apiVersion: warden/v1
kind: Owner
id: revops
name: Revenue Operations
contact: revops@example.com
---
apiVersion: warden/v1
kind: Application
id: crm
name: CRM
owner: revops
roles:
  - name: admin
    when: { groups: { any: ["CRM Admins"] } }
  - name: user
    when: { groups: { any: ["Sales", "Support"] } }
""")

D = "directory_crm"
def group(i, name): return {"object": "directory_group", "id": f"g{i}", "directory_id": D, "name": name, "updated_at": "2026-01-01T00:00:00Z"}
groups = [group(1, "Sales"), group(2, "Support"), group(3, "CRM Admins"), group(4, "Finance")]
users, memberships, rows, expected, missing = [], [], [], [], []

def user(n, state="active"):
    u = {"object": "directory_user", "id": f"u{n:03d}", "directory_id": D, "idp_id": f"i{n}", "email": f"person{n:03d}@example.com",
         "state": state, "custom_attributes": {}, "updated_at": "2026-01-01T00:00:00Z"}
    users.append(u)
    return u

def member(u, *gs):
    for g in gs: memberships.append({"user": u["id"], "group": g})

n = 0
def next_user(state="active"):
    global n
    n += 1
    return user(n, state)

def row(who, roles, status, situations, roles_flagged=()):
    rows.append((who, ";".join(roles), status))
    expected.append({"line": len(rows) + 1, "user": who, "situations": situations, "roles": sorted(roles_flagged)})

for i in range(120):                      # linked: exactly the entitled roles
    u = next_user()
    if i % 10 == 0:
        member(u, "g1", "g3"); row(u["email"], ["admin", "user"], "active", ["linked"])
    else:
        member(u, random.choice(["g1", "g2"])); row(u["email"], ["user"], "active", ["linked"])
for i in range(20):                       # excess_role: admin without CRM Admins
    u = next_user(); member(u, "g1"); row(u["email"], ["user", "admin"], "active", ["excess_role"], ["admin"])
for i in range(15):                       # orphaned_account: inactive user, enabled account
    u = next_user("inactive"); member(u, "g2"); row(u["id"] if i % 2 else u["email"], ["user"], "active", ["orphaned_account"], ["user"])
for i in range(15):                       # unmanaged_account: nobody in the directory
    row(f"stranger{i:02d}@vendor.example", ["user"], "active", ["unmanaged_account"], ["user"])
for i in range(20):                       # missing_access: admin missing, or the account suspended
    u = next_user(); member(u, "g2", "g3")
    if i % 2:
        row(u["email"], ["user"], "active", ["missing_access"], ["admin"])
    else:
        row(u["email"], ["user", "admin"], "suspended", ["missing_access"], ["admin", "user"])
for i in range(10):                       # linked: suspended account of an inactive user
    u = next_user("inactive"); member(u, "g1"); row(u["email"], ["user"], "suspended", ["linked"])
for i in range(5):                        # entitled, no account at all
    u = next_user(); member(u, "g1"); missing.append({"user": u["id"], "roles": ["user"]})
for i in range(8):                        # not entitled, no account: nothing to report
    u = next_user(); member(u, "g4")

assert len(rows) == 200
open(os.path.join(here, "snapshot.json"), "w").write(json.dumps({"users": users, "groups": groups, "memberships": memberships}, indent=1) + "\n")
with open(os.path.join(here, "export.csv"), "w") as f:
    f.write("user,roles,status\n")
    for who, roles, status in rows: f.write(f"{who},{roles},{status}\n")
violations = {"excess_role": 20, "orphaned_account": 15, "unmanaged_account": 15,
              "missing_access": 10 * 1 + 10 * 2 + len(missing)}       # one finding per (user, role)
json.dump({"app": "crm", "at": "2026-02-01T00:00:00Z", "accounts": expected, "missing": missing, "violations": violations}, open(os.path.join(here, "expected.json"), "w"), indent=1)
print("wrote", len(rows), "rows")
