#!/bin/bash
# Install the Debian packages in build/deb-packages.txt that are missing.
# Shared by build/test-all.sh and build/demo.sh so the lists cannot drift.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
        grep -q '^install ok installed$' || missing+=("$pkg")
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' build/deb-packages.txt)
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
fi
