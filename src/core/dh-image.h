/* dh-image.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DH_TYPE_IMAGE (dh_image_get_type())

G_DECLARE_FINAL_TYPE (DhImage, dh_image, DH, IMAGE, GObject)

/* One local image as the engine lists it. Tags are shown in familiar
 * form (`alpine:3.20`, `alice/app:1.0`, `localhost:5000/x:1`) for both
 * Docker and Podman (which lists fully qualified names). */
const char         *dh_image_get_id            (DhImage *self);
const char         *dh_image_get_short_id      (DhImage *self);
const char * const *dh_image_get_tags          (DhImage *self);
const char * const *dh_image_get_digests       (DhImage *self);
gint64              dh_image_get_size          (DhImage *self);
gint64              dh_image_get_created       (DhImage *self);
GHashTable         *dh_image_get_labels        (DhImage *self);
gboolean            dh_image_is_dangling       (DhImage *self);
gboolean            dh_image_has_tag           (DhImage    *self,
                                                const char *tag);

/* Builds an image from one `ImageSummary` object of GET /images/json.
 * Fields of the wrong type are treated as missing; only a missing or
 * non-string "Id" is an error (DH_ERROR_PROTOCOL). `<none>:<none>` and
 * `<none>@<none>` placeholders are dropped; tags and digests are put in
 * familiar form (`docker.io/library/alpine:3` → `alpine:3`). */
DhImage            *dh_image_new_from_json     (JsonObject  *object,
                                                GError     **error);
/* Parses a whole GET /images/json body into a GPtrArray of DhImage (in
 * the engine's order), as dh_image_new_from_json() would, skipping
 * entries without an id. Fails with DH_ERROR_PROTOCOL when the body is
 * not a JSON array. Fast for large listings. */
GPtrArray          *dh_image_parse_summaries   (const char  *data,
                                                gsize        length,
                                                GError     **error);
/* TRUE when both describe the same id with the same tags, digests,
 * size, created time and labels. */
gboolean            dh_image_equal             (DhImage *self,
                                                DhImage *other);
/* Copies @other's tags, digests, size and labels into @self (same id),
 * notifying the properties that changed. */
void                dh_image_update_from       (DhImage *self,
                                                DhImage *other);
/* The order DhImageList uses: newest first, then by id. */
int                 dh_image_compare           (DhImage *a,
                                                DhImage *b);

/* GET /images/{name}/json, as dh_engine_inspect_image_finish() returns it. */
typedef struct
{
  char        *id;
  char       **repo_tags;      /* familiar form */
  char       **repo_digests;   /* familiar form */
  char        *created;        /* RFC 3339, as the engine sent it */
  char        *author;
  char        *comment;
  char        *architecture;
  char        *variant;
  char        *os;
  gint64       size;
  /* Config */
  char       **cmd;
  char       **entrypoint;
  char       **env;
  char        *working_dir;
  char        *user;
  char       **exposed_ports;  /* "80/tcp", sorted */
  GHashTable  *labels;         /* string → string, never NULL */
  /* RootFS.Layers: diff ids, base layer first */
  char       **layers;
} DhImageDetails;

#define DH_TYPE_IMAGE_DETAILS (dh_image_details_get_type())

GType           dh_image_details_get_type  (void) G_GNUC_CONST;
DhImageDetails *dh_image_details_new_from_json (JsonObject     *object,
                                                GError        **error);
DhImageDetails *dh_image_details_copy      (const DhImageDetails *self);
void            dh_image_details_free      (DhImageDetails       *self);

/* One entry of GET /images/{name}/history, newest first. */
typedef struct
{
  char    *id;          /* "<missing>" for layers built elsewhere */
  gint64   created;     /* Unix seconds */
  char    *created_by;
  char   **tags;
  gint64   size;
  char    *comment;
} DhImageHistoryEntry;

#define DH_TYPE_IMAGE_HISTORY_ENTRY (dh_image_history_entry_get_type())

GType                dh_image_history_entry_get_type (void) G_GNUC_CONST;
DhImageHistoryEntry *dh_image_history_entry_new_from_json (JsonObject *object);
DhImageHistoryEntry *dh_image_history_entry_copy (const DhImageHistoryEntry *self);
void                 dh_image_history_entry_free (DhImageHistoryEntry       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhImageDetails, dh_image_details_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhImageHistoryEntry, dh_image_history_entry_free)

G_END_DECLS
