/*
 * The containers Docker keeps under its data root, for a scan of the
 * portable data stream: every folder <root>/containers/<ID>, running or
 * stopped, with its name, image and command from config.v2.json and its
 * namespace modes from hostconfig.json, read with the very patterns the
 * portable definitions use (emit/portable.h), and the exclusion pattern
 * applied to name, image and command as they apply it. The verdicts are
 * the definitions'; this list is what the reports name and count, so it
 * must see the files as the definitions do.
 */
#ifndef SF_COLLECT_DATAROOT_H
#define SF_COLLECT_DATAROOT_H

#include "collect/evidence.h"
#include "util/buf.h"
#include "util/strpool.h"

/* Fills ev (assessed, excluded, sha256: of every file read, with its
 * path) from root, its strings in pool. What keeps a container or the
 * root from being read (no containers folder, a file missing or
 * unreadable, a joiner cycle) is appended to problems, one sentence
 * each, and never stops the read: the definitions decide what it means
 * for the verdicts. Returns 0, or -1 with the last error set when the
 * exclusion pattern cannot be used. */
int sf_dataroot_read(const char *root, const char *exclude, sf_strpool *pool,
                     sf_evidence *ev, sf_buf *problems);

#endif
