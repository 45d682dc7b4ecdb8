# Every function a page names in its NAME section gets a page of its own name
# when installed, a symbolic link to the page (man agt_provenance_json shows
# agt_lookup(3)).  A link, not a ".so man3/agt_lookup.3" page: man-db, mandoc's
# man and makewhatis follow both, but "mandoc FILE" and "man -l FILE" resolve
# .so from the current directory and fail anywhere but the manpath's root.
# The list comes from the pages at build time (build-aux/man-links), so it
# cannot drift from them.  Included last: it needs every page in dist_man_MANS.
noinst_DATA = man/links
CLEANFILES += man/links
EXTRA_DIST += build-aux/man-links
man/links: $(dist_man_MANS) $(srcdir)/build-aux/man-links
	$(AM_V_GEN)$(MKDIR_P) man && \
	AWK='$(AWK)' $(SHELL) $(srcdir)/build-aux/man-links \
	  $(addprefix $(srcdir)/,$(dist_man_MANS)) > $@.tmp && mv $@.tmp $@

install-data-hook: install-man-links
install-man-links: man/links
	@while read sec name page; do \
	  d='$(DESTDIR)$(mandir)'/man$$sec; \
	  $(MKDIR_P) "$$d" && \
	  (cd "$$d" && rm -f "$$name" && $(LN_S) "$$page" "$$name") || exit 1; \
	done < man/links; \
	echo " linked `wc -l < man/links` function names to their pages in '$(DESTDIR)$(mandir)'"
uninstall-hook: uninstall-man-links
uninstall-man-links: man/links
	@while read sec name page; do \
	  rm -f '$(DESTDIR)$(mandir)'/man$$sec/"$$name"; \
	done < man/links
.PHONY: install-man-links uninstall-man-links

# Installs the pages into a directory of its own and checks the links.
TESTS += tests/cli/manlinks.sh
EXTRA_DIST += tests/cli/manlinks.sh
