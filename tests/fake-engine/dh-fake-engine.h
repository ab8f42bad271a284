/* dh-fake-engine.h — a container engine that misbehaves on purpose
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* For the fault cases a real engine cannot be made to produce. Every mode
 * answers HEAD/GET /_ping and GET /version as Docker 20.10 does (API
 * 1.41), GET /images/json with [] (or set_images()'s listing) and
 * keeps GET /events open without a word; the modes differ in what a push (POST /images/{name}/push) or a
 * pull (POST /images/create) stream does:
 *
 *  NORMAL        a short, successful push or pull.
 *  STALL         one line, then nothing for the stall time (default 90 s),
 *                then the rest of a successful push or pull.
 *  ENDLESS_LINE  the start of a line, then more of it without a newline,
 *                as fast as the client reads, until the client goes; GET
 *                /images/json likewise answers a JSON array without end.
 *  CUT           one line and half of the next, then the connection closes.
 *  SILENT        nothing but /_ping and /version is ever answered.
 *  TLS_BAD_CERT  NORMAL, on tcp://127.0.0.1 with TLS and a self-signed
 *                certificate that does not verify.
 *
 * Runs on the thread-default main context of whoever creates it. */
typedef enum
{
  DH_FAKE_ENGINE_NORMAL,
  DH_FAKE_ENGINE_STALL,
  DH_FAKE_ENGINE_ENDLESS_LINE,
  DH_FAKE_ENGINE_CUT,
  DH_FAKE_ENGINE_SILENT,
  DH_FAKE_ENGINE_TLS_BAD_CERT,
} DhFakeEngineMode;

#define DH_TYPE_FAKE_ENGINE (dh_fake_engine_get_type ())

G_DECLARE_FINAL_TYPE (DhFakeEngine, dh_fake_engine, DH, FAKE_ENGINE, GObject)

/* Listens on a unix socket in a new temporary directory (tcp on a free
 * loopback port for TLS_BAD_CERT). */
DhFakeEngine     *dh_fake_engine_new               (DhFakeEngineMode  mode,
                                                    GError          **error);
/* "stall", "endless-line", …: the mode names the program takes. */
gboolean          dh_fake_engine_mode_from_string  (const char       *name,
                                                    DhFakeEngineMode *mode);
/* unix:///…/engine.sock or tcp://127.0.0.1:PORT */
const char       *dh_fake_engine_get_uri           (DhFakeEngine     *self);
DhFakeEngineMode  dh_fake_engine_get_mode          (DhFakeEngine     *self);
void              dh_fake_engine_set_stall_seconds (DhFakeEngine     *self,
                                                    guint             seconds);
/* For the benchmarks: makes GET /images/json list @n_images synthetic
 * images (0 or more; distinct ids, one tag `dh-bench/img-NNNN:latest`
 * and one label each, about 290 bytes of JSON per image, as dockerd
 * lists bench/setup-images.sh's), and GET /events answer its headers
 * at once, so that a client sees the stream open as with a real engine
 * (without, it never answers). */
void              dh_fake_engine_set_images        (DhFakeEngine     *self,
                                                    guint             n_images);
/* GET /images/json requests answered so far. */
guint             dh_fake_engine_get_n_listings    (DhFakeEngine     *self);
/* Push and pull streams started so far. */
guint             dh_fake_engine_get_n_streams     (DhFakeEngine     *self);
/* Bytes of the endless line written so far (all streams). */
guint64           dh_fake_engine_get_endless_bytes (DhFakeEngine     *self);
/* Stops listening, drops every connection and removes the socket; also
 * done when the last reference goes. */
void              dh_fake_engine_stop              (DhFakeEngine     *self);

G_END_DECLS
