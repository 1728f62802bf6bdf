#!/bin/sh
# Add interview-kit to your desktop (launcher, icon, .ikit/.ikdb file types) for the current user.
# Shipped at the top of the Linux bundle; run it from there after unpacking:
#
#   interview-kit/install-desktop.sh            install (into ${XDG_DATA_HOME:-~/.local/share})
#   interview-kit/install-desktop.sh --remove   take it out again
#
# The launcher runs the interview-kit beside this script, so move the folder first if you want it elsewhere.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
id=org.interviewkit.InterviewKit
data=${XDG_DATA_HOME:-$HOME/.local/share}
exe="$here/interview-kit"
icons="$here/_internal/interview_kit/icons"

refresh() {
  command -v update-mime-database >/dev/null && update-mime-database "$data/mime" >/dev/null 2>&1 || true
  command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" >/dev/null 2>&1 || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache --quiet --ignore-theme-index "$data/icons/hicolor" >/dev/null 2>&1 || true
}

if [ "${1:-}" = "--remove" ]; then
  rm -f "$data/applications/$id.desktop" "$data/metainfo/$id.metainfo.xml" "$data/mime/packages/$id.xml"
  rm -f "$data"/icons/hicolor/*/apps/$id.png "$data"/icons/hicolor/*/mimetypes/$id.png "$data/icons/hicolor/scalable/apps/$id.svg"
  refresh
  echo "removed interview-kit's launcher and file types from $data"
  exit 0
fi

[ -x "$exe" ] || { echo "install-desktop: no interview-kit executable beside this script ($exe)" >&2; exit 1; }
mkdir -p "$data/applications" "$data/metainfo" "$data/mime/packages" "$data/icons/hicolor/scalable/apps"
# Exec= gets the full path, quoted as the desktop entry spec wants when it has spaces.
case "$exe" in
  *[\ \"\$\`\\]*) quoted=$(printf '"%s"' "$(printf '%s' "$exe" | sed 's/[\\"$`]/\\&/g')") ;;
  *) quoted=$exe ;;
esac
sed -e "s|^Exec=.*|Exec=$quoted %F|" -e "s|^TryExec=.*|TryExec=$exe|" "$here/share/$id.desktop" > "$data/applications/$id.desktop"
cp "$here/share/$id.metainfo.xml" "$data/metainfo/"
cp "$here/share/$id.mime.xml" "$data/mime/packages/$id.xml"
for png in "$icons"/$id-*.png; do
  size=${png##*-}; size=${size%.png}
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps" "$data/icons/hicolor/${size}x${size}/mimetypes"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/$id.png"
  cp "$png" "$data/icons/hicolor/${size}x${size}/mimetypes/$id.png"
done
cp "$icons/$id.svg" "$data/icons/hicolor/scalable/apps/"
refresh
echo "installed interview-kit's launcher and file types into $data (launcher runs $exe)"
