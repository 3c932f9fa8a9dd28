#!/usr/bin/env bash
# Builds the vendored front-end assets from the exact versions in package-lock.json.
# The output is committed, so running the app needs no npm; rerun this after changing package.json.
#
#   static/vendor/govuk/govuk-frontend.min.css   compiled from static/src/app.scss
#   static/vendor/govuk/govuk-frontend.min.js    GOV.UK Frontend (ES module)
#   static/vendor/govuk/assets/...               only the files that CSS references (currently none)
#   static/vendor/htmx/htmx.min.js
#   static/vendor/chartjs/chart.umd.min.js
#   tests/e2e/vendor/axe.min.js                  for the browser tests only; never served
#
# GDS Transport and the crown, crest and GOV.UK logo images are restricted to GOV.UK: they are
# neither copied nor referenced, and the checks at the end fail the build if they creep back in.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

npm ci --no-fund --no-audit

govuk=node_modules/govuk-frontend/dist/govuk
out_govuk=static/vendor/govuk
out_htmx=static/vendor/htmx
out_chart=static/vendor/chartjs
out_axe=tests/e2e/vendor

rm -rf "$out_govuk" "$out_htmx" "$out_chart" "$out_axe"
mkdir -p "$out_govuk" "$out_htmx" "$out_chart" "$out_axe"

# Copies a minified file without its trailing sourceMappingURL comment: the maps are not
# shipped, and Django's manifest storage refuses to collect a file whose source map is missing.
copy_without_source_map() {
  sed -E 's#//[#@] sourceMappingURL=[^ ]*$##' "$1" > "$2"
}

# 1. GOV.UK Frontend styles, compiled with the project's settings (system fonts, asset path).
node_modules/.bin/sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  static/src/app.scss "$out_govuk/govuk-frontend.min.css"

# 2. GOV.UK Frontend JavaScript (an ES module: load with type="module").
copy_without_source_map "$govuk/govuk-frontend.min.js" "$out_govuk/govuk-frontend.min.js"
# The npm package carries no licence file (its README states MIT), so write the notice here.
govuk_version=$(node -p 'require("./node_modules/govuk-frontend/package.json").version')
cat > "$out_govuk/LICENSE.txt" <<NOTICE
GOV.UK Frontend ${govuk_version} (https://github.com/alphagov/govuk-frontend)

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
NOTICE

# 3. Assets: copy exactly what the compiled CSS points at under the assets path, refusing fonts
#    and crown, crest or logo images.
assets_prefix=/static/vendor/govuk/assets/
{ grep -oE "url\(['\"]?${assets_prefix}[^)'\"]+" "$out_govuk/govuk-frontend.min.css" || true; } \
  | sed -E "s#^url\(['\"]?${assets_prefix}##" | sort -u \
  | while read -r asset; do
      case "$asset" in
        fonts/* | *crown* | *crest* | *logo* | *govuk-icon*)
          echo "build_static: refusing restricted asset referenced by the CSS: $asset" >&2
          exit 1
          ;;
      esac
      mkdir -p "$out_govuk/assets/$(dirname "$asset")"
      cp "$govuk/assets/$asset" "$out_govuk/assets/$asset"
    done

# 4. htmx 2.x, Chart.js (UMD build, defines window.Chart), axe-core for the accessibility tests.
copy_without_source_map node_modules/htmx.org/dist/htmx.min.js "$out_htmx/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$out_htmx/LICENSE.txt"
copy_without_source_map node_modules/chart.js/dist/chart.umd.min.js "$out_chart/chart.umd.min.js"
cp node_modules/chart.js/LICENSE.md "$out_chart/LICENSE.md"
cp node_modules/axe-core/axe.min.js "$out_axe/axe.min.js"
cp node_modules/axe-core/LICENSE "$out_axe/LICENSE.txt"

# 5. Checks: no restricted typeface or images, nothing left pointing at a missing file.
css="$out_govuk/govuk-frontend.min.css"
if grep -qiE 'GDS Transport|@font-face|/fonts/' "$css"; then
  echo "build_static: the CSS declares or references a font file" >&2
  exit 1
fi
if grep -qiE 'crown|crest|logo' "$css"; then
  echo "build_static: the CSS references a crown, crest or logo" >&2
  exit 1
fi
if find static/vendor -iname '*crown*' -o -iname '*crest*' -o -iname '*logo*' \
     -o -iname '*.woff' -o -iname '*.woff2' | grep -q .; then
  echo "build_static: a restricted file was copied into static/vendor" >&2
  exit 1
fi
if grep -rl 'sourceMappingURL' static/vendor >/dev/null; then
  echo "build_static: a vendored file still points at a source map that is not shipped" >&2
  exit 1
fi

for f in "$css" "$out_govuk/govuk-frontend.min.js" "$out_htmx/htmx.min.js" \
         "$out_chart/chart.umd.min.js" "$out_axe/axe.min.js"; do
  printf '%8d  %s\n' "$(wc -c < "$f")" "$f"
done
