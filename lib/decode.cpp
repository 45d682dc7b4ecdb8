/*
 * decode.cpp - ZXing-C++ behind C functions; the only C++ in agtrace.
 *
 * Debian's ZXing 1.4.0 asserts (aborts the process) on ordinary photos of
 * linear codes when asked for several symbols or for downscaled passes, so
 * linear formats are read with one symbol and no downscaling, and matrix
 * formats in a pass of their own.  No exception crosses into C.
 */
#include "config.h"

#include <ZXing/ReadBarcode.h>
#include <ZXing/ZXVersion.h>

#include <new>
#include <string>

#include "decode_private.h"

using namespace ZXing;

static DecodeHints
hints_for(unsigned pass)
{
	DecodeHints h;

	if (pass & AGTI_PASS_LINEAR) {
		h.setFormats(BarcodeFormat::LinearCodes);
		h.setMaxNumberOfSymbols(1);
		h.setTryDownscale(false);
	} else
		h.setFormats(BarcodeFormat::MatrixCodes);
	if (pass & AGTI_PASS_GLOBAL)
		h.setBinarizer(Binarizer::GlobalHistogram);
	else if (pass & AGTI_PASS_FIXED)
		h.setBinarizer(Binarizer::FixedThreshold);
	if (pass & AGTI_PASS_FAST)
		h.setTryHarder(false).setTryRotate(false);
	if (pass & AGTI_PASS_PURE)
		h.setIsPure(true);
	return h;
}

static int
add_result(agt_symbols *list, const Result &r)
{
	const Position &p = r.position();
	int corners[8];
	std::string text = r.text();

	/* Bytes in no known character set: give them as they are. */
	if (text.empty() && !r.bytes().empty())
		text.assign(r.bytes().begin(), r.bytes().end());
	std::string symid = r.symbologyIdentifier();

	for (int i = 0; i < 4; i++) {
		corners[2 * i] = p[i].x;
		corners[2 * i + 1] = p[i].y;
	}
	return agti_symbols_add(list, text.data(), text.size(),
	    ToString(r.format()), symid.c_str(),
	    r.contentType() == ContentType::GS1, corners);
}

extern "C" int
agti_zxing_decode(agt_symbols *list, const struct agti_gray *img,
    unsigned pass)
{
	int added = 0, rc;

	try {
		ImageView view(img->px, img->width, img->height,
		    ImageFormat::Lum, img->stride);
		Results results = ReadBarcodes(view, hints_for(pass));
		for (const Result &r : results) {
			if (!r.isValid())
				continue;
			if ((rc = add_result(list, r)) < 0)
				return rc;
			added += rc;
		}
	} catch (const std::bad_alloc &) {
		return AGT_ENOMEM;
	} catch (...) {
		/* A decoder failure on a hostile image: nothing found. */
	}
	return added;
}

extern "C" const char *
agti_zxing_version(void)
{
#define AGTI_STR2(x) #x
#define AGTI_STR(x) AGTI_STR2(x)
	return AGTI_STR(ZXING_VERSION_MAJOR) "." AGTI_STR(ZXING_VERSION_MINOR)
	    "." AGTI_STR(ZXING_VERSION_PATCH);
}
