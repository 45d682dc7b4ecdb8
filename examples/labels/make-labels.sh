#!/bin/sh
# Remake the example labels: lots of examples/register.xml, one per
# symbology.  Usage: examples/labels/make-labels.sh [AGTRACE]
set -eu
AGTRACE=${1:-agtrace}
cd "$(dirname "$0")"
"$AGTRACE" label --gtin 06921481001048 --lot L20261115A --expires 2026-11-22 \
	--symbology qr -o choy-sum-qr.png
"$AGTRACE" label --gtin 06921481001048 --lot L20261115A --expires 2026-11-22 \
	--symbology datamatrix -o choy-sum-datamatrix.png
"$AGTRACE" label --gtin 06921148001015 --lot L20261105A --expires 2026-11-12 \
	--symbology gs1-128 -o spinach-gs1-128.png
"$AGTRACE" label --gtin 06921259001027 --lot L20261102A --expires 2026-11-09 \
	--symbology databar-expanded -o lettuce-databar-expanded.png
"$AGTRACE" label --gtin 06921481001048 --lot L20261115A --expires 2026-11-22 \
	--symbology qr -o choy-sum-qr.svg
