#!/usr/bin/env bash
# The dashboard's end-to-end test drives Debian's Chromium at /usr/bin/chromium, with CJK fonts
# so the page's Chinese renders in its screenshot. Installs them when missing (as root, or with
# sudo); does nothing when they are there, so the test command can run it every time.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ! (command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .); then missing+=(fonts-noto-cjk); fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]} for the dashboard's end-to-end test"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
