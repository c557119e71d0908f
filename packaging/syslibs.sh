#!/usr/bin/env bash
# Qt needs system libraries a bare Debian lacks. Install them when running as root; otherwise print the one
# apt-get line that would, and stop.
set -euo pipefail
need_libs=(libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libxkbcommon-x11.so.0
           libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1)
packages="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
libxcb-xkb1 libxcb-randr0 libxrender1 libxi6 fonts-dejavu-core"
# The packaging tests validate the desktop file and AppStream metainfo with these tools, and scans are read with
# the Tesseract OCR program (English words and page orientation); without them those tests skip and scans open for
# manual entry, so they are installed when possible but never required.
tools=()
command -v desktop-file-validate >/dev/null || tools+=(desktop-file-utils)
command -v appstreamcli >/dev/null || tools+=(appstream)
command -v tesseract >/dev/null || tools+=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd)
if [ ${#tools[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${tools[@]}" >/dev/null &&
      echo "installed: ${tools[*]}"; } || echo "could not install ${tools[*]}; the checks that need them will skip"
  else
    echo "optional, for the packaging checks and reading scans: sudo apt-get install -y ${tools[*]}"
  fi
fi
missing=()
for lib in "${need_libs[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("$lib")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Qt needs system libraries that are missing: ${missing[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $packages >/dev/null
  echo "installed: $packages"
else
  echo "install them with:"
  echo "  sudo apt-get install -y $packages"
  exit 1
fi
