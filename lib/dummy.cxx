/* Empty: makes libtool link with the C++ driver when ZXing code is in. */
