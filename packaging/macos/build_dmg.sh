#!/usr/bin/env bash
# Build, sign, notarize and package the macOS app. Not run on the Linux machine this was written on;
# .github/workflows/bundle.yml runs it on a macOS runner.
#
#   packaging/macos/build_dmg.sh            -> dist/InterviewKit.app and dist/interview-kit-VERSION-macos.dmg
#
# Signing and notarization happen only when these are set (an Apple Developer ID is needed):
#   MACOS_SIGN_IDENTITY   "Developer ID Application: NAME (TEAMID)" from the login keychain
#   NOTARY_PROFILE        a `xcrun notarytool store-credentials` profile name
# Without them the app is ad-hoc signed: it runs on the machine that built it, and elsewhere only after the
# user right-clicks > Open (Gatekeeper), so do not publish an unsigned build.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/interview_kit/__init__.py)
APP=dist/InterviewKit.app
DMG=dist/interview-kit-$VERSION-macos.dmg

python -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/interview-kit.spec

# The smoke test a user would do first: the frozen app finds its banks.
"$APP/Contents/MacOS/InterviewKit" banks list --json | python -c 'import json,sys; n=len(json.load(sys.stdin)); assert n >= 16, n; print(n, "skills")'

if [[ -n "${MACOS_SIGN_IDENTITY:-}" ]]; then
  # Sign inside out (every Mach-O, then the app) with the hardened runtime and a secure timestamp.
  find "$APP/Contents" -type f \( -name '*.so' -o -name '*.dylib' -o -perm -u+x \) -print0 |
    xargs -0 codesign --force --timestamp --options runtime --entitlements packaging/macos/entitlements.plist \
      --sign "$MACOS_SIGN_IDENTITY"
  codesign --force --timestamp --options runtime --entitlements packaging/macos/entitlements.plist \
    --sign "$MACOS_SIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
else
  codesign --force --deep --sign - "$APP"
fi

rm -f "$DMG"
staging=$(mktemp -d)
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "interview-kit $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO "$DMG"
rm -rf "$staging"

if [[ -n "${MACOS_SIGN_IDENTITY:-}" && -n "${NOTARY_PROFILE:-}" ]]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
  xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose "$DMG"
fi
echo "built $DMG"
