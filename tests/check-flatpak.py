#!/usr/bin/env python3
# Checks the Flatpak manifest by reading it (the GNOME runtime cannot be
# fetched here): well-formed JSON, the app id and command the build
# installs, the sandbox holes the app needs and no more, and every
# downloaded source pinned by a checksum.
import json
import sys

manifest_path, app_id = sys.argv[1], sys.argv[2]
errors = []

with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)

if manifest.get("id") != app_id:
    errors.append(f"id is {manifest.get('id')!r}, the app's is {app_id!r}")
if manifest.get("command") != "peyvand":
    errors.append("command must be the desktop app, peyvand")
if manifest.get("runtime") != "org.gnome.Platform":
    errors.append("runtime must be org.gnome.Platform")

args = set(manifest.get("finish-args", []))
for needed in ("--socket=wayland", "--socket=fallback-x11", "--share=network",
               "--talk-name=org.freedesktop.secrets"):
    if needed not in args:
        errors.append(f"finish-args lacks {needed}")
for hole in ("--filesystem=host", "--filesystem=home", "--socket=session-bus"):
    if hole in args:
        errors.append(f"finish-args opens {hole}: use portals")

modules = manifest.get("modules", [])
if not modules or modules[-1].get("name") != "peyvand":
    errors.append("the last module must be peyvand itself")
for module in modules:
    for source in module.get("sources", []):
        if source.get("type") in ("archive", "file") and not source.get("sha256"):
            errors.append(f"{module['name']}: {source.get('url')} has no sha256")
        if source.get("type") == "git" and not source.get("commit"):
            errors.append(f"{module['name']}: git source without a pinned commit")

for error in errors:
    print(f"{manifest_path}: {error}", file=sys.stderr)
sys.exit(1 if errors else 0)
