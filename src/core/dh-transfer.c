/* dh-transfer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-transfer"

#include "config.h"

#include <string.h>

#include "dh-core-enums.h"
#include "dh-error.h"
#include "dh-layer-private.h"
#include "dh-progress-parser.h"
#include "dh-reference.h"
#include "dh-transfer-private.h"

/* The speed estimate: sampled at most every SAMPLE_INTERVAL, smoothed
 * exponentially with a time constant of SPEED_TAU (wall time, so bursty
 * and slow streams average the same way). */
#define SAMPLE_INTERVAL_USEC (100 * G_TIME_SPAN_MILLISECOND)
#define SPEED_TAU_SEC        2.5

/* Docker uses 12 hex characters for a layer id; libpod lines carry the
 * whole digest and are cut to the same length. */
#define SHORT_ID_LEN 12

/* An engine that sends endless lines gets a transcript of this many. */
#define MAX_TRANSCRIPT_LINES 10000

typedef struct
{
  DhLayer *layer;
  /* What this layer adds to the transfer's current/total bytes. */
  gint64   counted_current;
  gint64   counted_total;
  /* Podman compat pull: a blob announced once every layer had finished
   * is most likely the image config (containers/image copies it last),
   * which podman reports like a layer. It stays out of the model until
   * another blob shows it was a layer after all. */
  guint    hidden : 1;
  guint    is_config : 1;
  guint    complete : 1;
  /* Bytes of it went over the wire (a progress line said so): only
   * those count for the speed, not a layer that was already there. */
  guint    had_bytes : 1;
  /* The last status line had byte counts (docker draws a bar). */
  guint    last_had_progress : 1;
  /* It has its line in the transcript (a layer listed before the
   * stream gets one when the stream first names it). */
  guint    in_transcript : 1;
} LayerEntry;

/* One line of the transcript: a layer's (its last status), another
 * id's (@id, @text its last status) or the stream's own (@text). */
typedef struct
{
  LayerEntry *entry;
  char       *id;
  char       *text;
} TranscriptLine;

struct _DhTransfer
{
  GObject            parent_instance;

  DhTransferKind     kind;
  char              *reference;

  DhTransferState    state;
  char              *digest;
  char              *digest_problem;  /* why the registry gave none */
  GError            *error;
  DhPullOutcome      pull_outcome;

  gint64             current_bytes;
  gint64             total_bytes;
  gint64             layers_total;   /* the layers' totals; total_bytes is at least this */
  gint64             expected_total; /* what the image's layers add up to, if known */
  gint64             moved_bytes;    /* went over the wire: what the speed measures */
  gint64             first_move_time;
  double             fraction;
  double             speed;
  gint64             eta;
  gint64             started_at;
  gint64             finished_at;

  GListStore        *layers;
  GHashTable        *entries;       /* short id → LayerEntry */
  guint              n_listed;
  guint              n_listed_complete;
  LayerEntry        *pending_config;

  DhProgressParser  *parser;

  GArray            *transcript;     /* TranscriptLine */
  GHashTable        *transcript_ids; /* id → index + 1 in transcript, ids that are no layer */
  char              *stream_error;
  char              *image_id;       /* libpod pull's closing {"id"} */
  char              *refusal;        /* the engine's HTTP error before any stream */
  gboolean           refusal_podman;

  DhTransferClock    clock;
  gpointer           clock_data;
  gint64             sample_time;
  gint64             sample_bytes;

  guint              n_lines;

  /* What the stream looked like so far: the dialect decides what
   * "finished" means (DESIGN.md). */
  guint              saw_pulling_from : 1;
  guint              saw_push_refers : 1;
  guint              saw_stream : 1;
  guint              saw_compat_pull_status : 1;
  guint              saw_other_status : 1;
  guint              marker_seen : 1;
  guint              sampling : 1;
  guint              speed_valid : 1;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_REFERENCE,
  PROP_STATE,
  PROP_DIGEST,
  PROP_DIGEST_PROBLEM,
  PROP_ERROR_MESSAGE,
  PROP_PULL_OUTCOME,
  PROP_CURRENT_BYTES,
  PROP_TOTAL_BYTES,
  PROP_FRACTION,
  PROP_SPEED,
  PROP_ETA,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_LAYERS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhTransfer, dh_transfer, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
layer_entry_free (gpointer data)
{
  LayerEntry *entry = data;

  g_clear_object (&entry->layer);
  g_free (entry);
}

static void
transcript_line_clear (gpointer data)
{
  TranscriptLine *line = data;

  g_free (line->id);
  g_free (line->text);
}

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static inline void
notify (DhTransfer *self,
        guint       prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (DhTransfer  *self,
            char       **field,
            const char  *value,
            gsize        len,
            guint        prop_id)
{
  if (*field != NULL && strlen (*field) == len && memcmp (*field, value, len) == 0)
    return;

  g_free (*field);
  *field = g_strndup (value, len);
  notify (self, prop_id);
}

static void
update_fraction (DhTransfer *self)
{
  double fraction;

  if (self->state == DH_TRANSFER_STATE_SUCCEEDED)
    fraction = 1.0;
  else if (self->total_bytes > 0)
    fraction = MIN (1.0, (double)self->current_bytes / (double)self->total_bytes);
  else if (self->n_listed > 0)
    fraction = (double)self->n_listed_complete / (double)self->n_listed;
  else
    fraction = 0.0;

  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      notify (self, PROP_FRACTION);
    }
}

static void
set_speed_and_eta (DhTransfer *self,
                   double      speed,
                   gint64      eta)
{
  if (speed != self->speed)
    {
      self->speed = speed;
      notify (self, PROP_SPEED);
    }

  if (eta != self->eta)
    {
      self->eta = eta;
      notify (self, PROP_ETA);
    }
}

/**
 * dh_transfer_estimate_seconds_left:
 * @bytes_left: what is still to move
 * @bytes_moved: what moved over the wire so far
 * @total_bytes: the whole transfer
 * @speed: the current (smoothed) speed, bytes per second
 * @average_speed: @bytes_moved over @seconds_moving
 * @seconds_moving: since the first byte moved
 *
 * The rule for "time left": only once it means something, that is after
 * at least %DH_TRANSFER_ETA_MIN_SECONDS of moving bytes, at least
 * %DH_TRANSFER_ETA_MIN_BYTES and 2 % of the total moved, and while the
 * speed is steady (the current speed within a factor of two of the
 * average). A burst at the start or a stall would otherwise promise
 * "16 seconds left" for minutes.
 *
 * Returns: seconds left (rounded up), or -1 when it would mislead
 */
gint64
dh_transfer_estimate_seconds_left (gint64 bytes_left,
                                   gint64 bytes_moved,
                                   gint64 total_bytes,
                                   double speed,
                                   double average_speed,
                                   double seconds_moving)
{
  double left;
  gint64 eta;

  if (total_bytes <= 0 || bytes_left <= 0 || speed <= 0 || average_speed <= 0)
    return -1;

  if (seconds_moving < DH_TRANSFER_ETA_MIN_SECONDS)
    return -1;

  if (bytes_moved < DH_TRANSFER_ETA_MIN_BYTES || bytes_moved < total_bytes / 50)
    return -1;

  if (speed > 2 * average_speed || speed < average_speed / 2)
    return -1;

  left = bytes_left / speed;
  eta = (gint64)left;
  /* Round up: "0 s left" only when nothing is left. */
  if ((double)eta < left)
    eta++;

  return eta;
}

static void
sample_speed (DhTransfer *self)
{
  gint64 now = self->clock (self->clock_data);
  double dt;
  double rate;
  double speed;
  double moving;
  gint64 eta = -1;

  /* The first bytes moved since the last sample (or just now). */
  if (self->moved_bytes > 0 && self->first_move_time == 0)
    self->first_move_time = self->sampling ? self->sample_time : now;

  if (!self->sampling)
    {
      self->sampling = TRUE;
      self->sample_time = now;
      self->sample_bytes = self->moved_bytes;
      return;
    }

  if (now - self->sample_time < SAMPLE_INTERVAL_USEC)
    return;

  dt = (now - self->sample_time) / (double)G_USEC_PER_SEC;
  rate = MAX (0, self->moved_bytes - self->sample_bytes) / dt;

  /* First-order smoothing: a sample weighs dt / (tau + dt), so the
   * estimate follows the last few seconds however often we sample. */
  if (self->speed_valid)
    speed = self->speed + (dt / (SPEED_TAU_SEC + dt)) * (rate - self->speed);
  else
    speed = rate;

  self->speed_valid = TRUE;
  self->sample_time = now;
  self->sample_bytes = self->moved_bytes;

  /* Below one byte per second the estimate is noise. */
  if (speed < 1.0)
    speed = 0.0;

  moving = self->first_move_time > 0 ? (now - self->first_move_time) / (double)G_USEC_PER_SEC : 0;
  eta = dh_transfer_estimate_seconds_left (self->total_bytes - self->current_bytes,
                                           self->moved_bytes, self->total_bytes, speed,
                                           moving > 0 ? self->moved_bytes / moving : 0,
                                           moving);

  set_speed_and_eta (self, speed, eta);
}

/* Recomputes what @entry adds to the byte counters and the complete
 * count. Completed layers count fully; so do pull layers past their
 * download (verifying, extracting): those bytes have arrived. */
static void
account_entry (DhTransfer *self,
               LayerEntry *entry)
{
  DhLayer *layer = entry->layer;
  DhLayerPhase phase = dh_layer_get_phase (layer);
  gint64 total = dh_layer_get_total (layer);
  gint64 current = dh_layer_get_current (layer);
  gboolean complete = dh_layer_is_complete (layer);
  gint64 counted_total = 0;
  gint64 counted_current = 0;
  gint64 old_current = self->current_bytes;
  gint64 old_total = self->total_bytes;

  if (entry->hidden)
    return;

  if (total > 0)
    {
      counted_total = total;
      if (complete ||
          phase == DH_LAYER_PHASE_VERIFYING ||
          phase == DH_LAYER_PHASE_DOWNLOADED ||
          phase == DH_LAYER_PHASE_EXTRACTING)
        counted_current = total;
      else
        counted_current = CLAMP (current, 0, total);
    }

  if (current > 0 && !complete)
    entry->had_bytes = TRUE;
  if (entry->had_bytes && counted_current > entry->counted_current)
    self->moved_bytes += counted_current - entry->counted_current;

  self->current_bytes += counted_current - entry->counted_current;
  self->layers_total += counted_total - entry->counted_total;
  self->total_bytes = MAX (self->layers_total, self->expected_total);
  entry->counted_current = counted_current;
  entry->counted_total = counted_total;

  if (complete != entry->complete)
    {
      entry->complete = complete;
      if (complete)
        self->n_listed_complete++;
      else
        self->n_listed_complete--;
    }

  if (old_current != self->current_bytes)
    notify (self, PROP_CURRENT_BYTES);
  if (old_total != self->total_bytes)
    notify (self, PROP_TOTAL_BYTES);
}

static void
list_entry (DhTransfer *self,
            LayerEntry *entry)
{
  entry->hidden = FALSE;
  self->n_listed++;
  g_list_store_append (self->layers, entry->layer);
  account_entry (self, entry);
}

static LayerEntry *
add_entry (DhTransfer *self,
           const char *id,
           gsize       id_len,
           gboolean    hidden)
{
  LayerEntry *entry = g_new0 (LayerEntry, 1);
  g_autofree char *key = g_strndup (id, id_len);

  entry->layer = _dh_layer_new (key);
  g_hash_table_insert (self->entries, g_steal_pointer (&key), entry);

  if (hidden)
    entry->hidden = TRUE;
  else
    list_entry (self, entry);

  return entry;
}

static gboolean
is_podman_compat_pull (DhTransfer *self)
{
  return self->kind == DH_TRANSFER_KIND_PULL &&
         !self->saw_pulling_from &&
         !self->saw_stream &&
         !self->saw_push_refers &&
         !self->saw_other_status;
}

static void
reveal_pending_config (DhTransfer *self)
{
  LayerEntry *entry = self->pending_config;

  if (entry == NULL)
    return;

  self->pending_config = NULL;
  if (!entry->is_config)
    list_entry (self, entry);
}

static void
finish (DhTransfer      *self,
        DhTransferState  state,
        GError          *error)
{
  g_assert (self->state == DH_TRANSFER_STATE_RUNNING);
  g_assert (state != DH_TRANSFER_STATE_RUNNING);

  g_object_freeze_notify (G_OBJECT (self));

  if (state == DH_TRANSFER_STATE_SUCCEEDED)
    {
      GHashTableIter iter;
      gpointer value;

      reveal_pending_config (self);

      /* The engine confirmed the whole image: every layer is there,
       * whatever its last line said. */
      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          LayerEntry *entry = value;

          if (entry->hidden || dh_layer_is_complete (entry->layer))
            continue;

          _dh_layer_set_phase (entry->layer, DH_LAYER_PHASE_DONE);
          account_entry (self, entry);
        }

      /* An expected total the layers did not account for is there too. */
      if (self->current_bytes < self->total_bytes)
        {
          self->current_bytes = self->total_bytes;
          notify (self, PROP_CURRENT_BYTES);
        }
    }

  self->state = state;
  notify (self, PROP_STATE);

  if (error != NULL)
    {
      g_clear_error (&self->error);
      self->error = error;
      notify (self, PROP_ERROR_MESSAGE);
    }

  self->finished_at = g_get_real_time ();
  notify (self, PROP_FINISHED_AT);

  /* Layers still running keep their phase and bytes (they did not
   * complete) but nothing moves any more. */
  set_speed_and_eta (self, 0.0, state == DH_TRANSFER_STATE_SUCCEEDED ? 0 : -1);
  update_fraction (self);

  g_object_thaw_notify (G_OBJECT (self));
}

static DhLayerPhase
phase_for_status (DhTransfer        *self,
                  DhProgressStatus   status,
                  DhLayerPhase       previous)
{
  switch (status)
    {
    case DH_PROGRESS_STATUS_PREPARING:
    case DH_PROGRESS_STATUS_PULLING_FS_LAYER:
      return DH_LAYER_PHASE_PREPARING;
    case DH_PROGRESS_STATUS_WAITING:
      return DH_LAYER_PHASE_WAITING;
    case DH_PROGRESS_STATUS_PUSHING:
      return DH_LAYER_PHASE_UPLOADING;
    case DH_PROGRESS_STATUS_PUSHED:
    case DH_PROGRESS_STATUS_PULL_COMPLETE:
      return DH_LAYER_PHASE_DONE;
    case DH_PROGRESS_STATUS_LAYER_ALREADY_EXISTS:
    case DH_PROGRESS_STATUS_ALREADY_EXISTS:
      return DH_LAYER_PHASE_ALREADY_PRESENT;
    case DH_PROGRESS_STATUS_MOUNTED_FROM:
      return DH_LAYER_PHASE_MOUNTED;
    case DH_PROGRESS_STATUS_RETRYING:
      return DH_LAYER_PHASE_RETRYING;
    case DH_PROGRESS_STATUS_DOWNLOADING:
      return DH_LAYER_PHASE_DOWNLOADING;
    case DH_PROGRESS_STATUS_VERIFYING:
      return DH_LAYER_PHASE_VERIFYING;
    case DH_PROGRESS_STATUS_DOWNLOAD_COMPLETE:
      /* Docker extracts next; podman compat's pull is done with the blob. */
      return self->saw_pulling_from ? DH_LAYER_PHASE_DOWNLOADED : DH_LAYER_PHASE_DONE;
    case DH_PROGRESS_STATUS_EXTRACTING:
      return DH_LAYER_PHASE_EXTRACTING;

    case DH_PROGRESS_STATUS_NONE:
    case DH_PROGRESS_STATUS_OTHER:
    case DH_PROGRESS_STATUS_PUSH_REFERS:
    case DH_PROGRESS_STATUS_UNAVAILABLE:
    case DH_PROGRESS_STATUS_TAG_DIGEST:
    case DH_PROGRESS_STATUS_PULLING_FROM:
    case DH_PROGRESS_STATUS_DIGEST:
    case DH_PROGRESS_STATUS_DOWNLOADED_NEWER:
    case DH_PROGRESS_STATUS_UP_TO_DATE:
    default:
      return previous;
    }
}

/* Whether a status about an id we have not seen announces a layer. */
static gboolean
status_creates_layer (DhTransfer       *self,
                      DhProgressStatus  status)
{
  switch (status)
    {
    case DH_PROGRESS_STATUS_PREPARING:
    case DH_PROGRESS_STATUS_WAITING:
    case DH_PROGRESS_STATUS_PUSHING:
    case DH_PROGRESS_STATUS_PUSHED:
    case DH_PROGRESS_STATUS_LAYER_ALREADY_EXISTS:
    case DH_PROGRESS_STATUS_MOUNTED_FROM:
    case DH_PROGRESS_STATUS_RETRYING:
    case DH_PROGRESS_STATUS_PULLING_FS_LAYER:
    case DH_PROGRESS_STATUS_DOWNLOADING:
    case DH_PROGRESS_STATUS_VERIFYING:
    case DH_PROGRESS_STATUS_EXTRACTING:
    case DH_PROGRESS_STATUS_PULL_COMPLETE:
      return TRUE;

    case DH_PROGRESS_STATUS_ALREADY_EXISTS:
      /* In a push only the containerd store says this, and only for
       * blobs that are not layers (config, manifests). */
      return self->kind == DH_TRANSFER_KIND_PULL;

    case DH_PROGRESS_STATUS_DOWNLOAD_COMPLETE:
      /* Every engine announces a layer before completing it; podman's
       * compat pull ends with "Download complete" for the image id. */
    case DH_PROGRESS_STATUS_NONE:
    case DH_PROGRESS_STATUS_OTHER:
    case DH_PROGRESS_STATUS_PUSH_REFERS:
    case DH_PROGRESS_STATUS_UNAVAILABLE:
    case DH_PROGRESS_STATUS_TAG_DIGEST:
    case DH_PROGRESS_STATUS_PULLING_FROM:
    case DH_PROGRESS_STATUS_DIGEST:
    case DH_PROGRESS_STATUS_DOWNLOADED_NEWER:
    case DH_PROGRESS_STATUS_UP_TO_DATE:
    default:
      return FALSE;
    }
}

static void
note_status_dialect (DhTransfer       *self,
                     DhProgressStatus  status)
{
  switch (status)
    {
    case DH_PROGRESS_STATUS_PULLING_FS_LAYER:
    case DH_PROGRESS_STATUS_DOWNLOADING:
    case DH_PROGRESS_STATUS_ALREADY_EXISTS:
    case DH_PROGRESS_STATUS_DOWNLOAD_COMPLETE:
      self->saw_compat_pull_status = TRUE;
      break;

    case DH_PROGRESS_STATUS_PULLING_FROM:
      self->saw_pulling_from = TRUE;
      break;

    case DH_PROGRESS_STATUS_PUSH_REFERS:
      self->saw_push_refers = TRUE;
      break;

    case DH_PROGRESS_STATUS_NONE:
      break;

    case DH_PROGRESS_STATUS_OTHER:
    case DH_PROGRESS_STATUS_PREPARING:
    case DH_PROGRESS_STATUS_WAITING:
    case DH_PROGRESS_STATUS_PUSHING:
    case DH_PROGRESS_STATUS_PUSHED:
    case DH_PROGRESS_STATUS_LAYER_ALREADY_EXISTS:
    case DH_PROGRESS_STATUS_MOUNTED_FROM:
    case DH_PROGRESS_STATUS_UNAVAILABLE:
    case DH_PROGRESS_STATUS_TAG_DIGEST:
    case DH_PROGRESS_STATUS_RETRYING:
    case DH_PROGRESS_STATUS_VERIFYING:
    case DH_PROGRESS_STATUS_EXTRACTING:
    case DH_PROGRESS_STATUS_PULL_COMPLETE:
    case DH_PROGRESS_STATUS_DIGEST:
    case DH_PROGRESS_STATUS_DOWNLOADED_NEWER:
    case DH_PROGRESS_STATUS_UP_TO_DATE:
    default:
      self->saw_other_status = TRUE;
      break;
    }
}

static void
update_layer (DhTransfer              *self,
              LayerEntry              *entry,
              const DhProgressMessage *message)
{
  DhLayer *layer = entry->layer;
  DhLayerPhase phase = phase_for_status (self, message->status_kind, dh_layer_get_phase (layer));

  _dh_layer_set_status_text (layer, message->status, -1);

  /* Byte counts only: containerd's Extracting sends elapsed seconds
   * ({"current":N,"units":"s"}). */
  if ((message->current >= 0 || message->total >= 0) &&
      (message->units == NULL || strcmp (message->units, "bytes") == 0))
    {
      _dh_layer_set_progress (layer, message->current, message->total);
      entry->last_had_progress = TRUE;
    }
  else
    entry->last_had_progress = FALSE;

  if (message->status_kind == DH_PROGRESS_STATUS_MOUNTED_FROM)
    _dh_layer_set_mounted_from (layer, message->arg, message->arg_len);

  _dh_layer_set_phase (layer, phase);

  account_entry (self, entry);
}

/* Transcript: what the engine's command line tool would have printed
 * on a terminal. The docker CLI (jsonmessage.DisplayJSONMessagesStream)
 * gives every id one line, added where the id first appears and
 * rewritten in place by each later status for it; lines without an id
 * follow one another. So the transcript keeps the order of first
 * appearance and, for layers, reads their last status from DhLayer when
 * it is rendered: the hot path only records new ids and id-less lines.
 *
 * Podman's libpod endpoints (which Dockhand uses for Podman) stream the
 * text `podman push`/`podman pull` print; a Podman user follows Podman
 * tutorials, so these transfers get podman's words, as podman shows them
 * on a terminal ("Copying blob 0d162230843d done"). Compat streams from
 * Podman are what `docker` prints when it talks to Podman: docker's. */

/* Returns the new line's index + 1, or 0 when the transcript is full. */
static guint
transcript_append (DhTransfer *self,
                   LayerEntry *entry,
                   const char *id,
                   const char *text,
                   gssize      text_len)
{
  TranscriptLine line = { entry, NULL, NULL };

  if (self->transcript == NULL)
    {
      self->transcript = g_array_sized_new (FALSE, FALSE, sizeof (TranscriptLine), 16);
      g_array_set_clear_func (self->transcript, transcript_line_clear);
    }

  if (self->transcript->len >= MAX_TRANSCRIPT_LINES)
    return 0;

  line.id = g_strdup (id);
  if (text != NULL)
    line.text = text_len < 0 ? g_strdup (text) : g_strndup (text, text_len);
  g_array_append_val (self->transcript, line);

  return self->transcript->len;
}

static TranscriptLine *
transcript_line_for_id (DhTransfer *self,
                        const char *id)
{
  guint index;

  if (self->transcript_ids == NULL ||
      (index = GPOINTER_TO_UINT (g_hash_table_lookup (self->transcript_ids, id))) == 0)
    return NULL;

  return &g_array_index (self->transcript, TranscriptLine, index - 1);
}

static void
transcript_note_layer (DhTransfer *self,
                       LayerEntry *entry)
{
  TranscriptLine *line = NULL;
  const char *id = dh_layer_get_id (entry->layer);

  entry->in_transcript = TRUE;

  /* An id first seen with a status that makes no layer keeps its place. */
  if ((line = transcript_line_for_id (self, id)) != NULL)
    {
      line->entry = entry;
      g_clear_pointer (&line->text, g_free);
      g_hash_table_remove (self->transcript_ids, id);
      g_clear_pointer (&line->id, g_free);
      return;
    }

  transcript_append (self, entry, NULL, NULL, 0);
}

static void
transcript_note_id (DhTransfer *self,
                    const char *id,
                    const char *status)
{
  TranscriptLine *line;
  guint index;

  if ((line = transcript_line_for_id (self, id)) != NULL)
    {
      g_free (line->text);
      line->text = g_strdup (status);
      return;
    }

  if ((index = transcript_append (self, NULL, id, status, -1)) == 0)
    return;

  if (self->transcript_ids == NULL)
    self->transcript_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->transcript_ids, g_strdup (id), GUINT_TO_POINTER (index));
}

static void
transcript_note_status (DhTransfer              *self,
                        const DhProgressMessage *message)
{
  if (message->id != NULL)
    transcript_note_id (self, message->id, message->status);
  else
    transcript_append (self, NULL, NULL, message->status, -1);
}

static void
apply_layer_status (DhTransfer              *self,
                    const DhProgressMessage *message)
{
  LayerEntry *entry = g_hash_table_lookup (self->entries, message->id);

  if (entry == NULL)
    {
      gboolean hidden = FALSE;

      if (!status_creates_layer (self, message->status_kind))
        {
          transcript_note_status (self, message);
          return;
        }

      if (is_podman_compat_pull (self))
        {
          /* A new blob shows that a pending "config" was a layer. */
          reveal_pending_config (self);
          hidden = self->n_listed > 0 && self->n_listed_complete == self->n_listed;
        }

      entry = add_entry (self, message->id, strlen (message->id), hidden);
      if (hidden)
        self->pending_config = entry;
      transcript_note_layer (self, entry);
    }
  else if (entry == self->pending_config &&
           message->status_kind == DH_PROGRESS_STATUS_DOWNLOAD_COMPLETE &&
           dh_layer_is_complete (entry->layer))
    {
      /* Podman's closing line names the image id, which is the config
       * digest: the pending blob was the config. */
      entry->is_config = TRUE;
      self->pending_config = NULL;
      return;
    }
  else if (!entry->in_transcript)
    {
      /* Listed before the stream (dh_transfer_expect_layer()): the CLI
       * prints its line where the stream first names it. */
      transcript_note_layer (self, entry);
    }

  update_layer (self, entry, message);
}

static void
set_digest (DhTransfer *self,
            const char *digest,
            gsize       len)
{
  set_string (self, &self->digest, digest, len, PROP_DIGEST);
}

static void
apply_status (DhTransfer              *self,
              const DhProgressMessage *message)
{
  note_status_dialect (self, message->status_kind);

  switch (message->status_kind)
    {
    case DH_PROGRESS_STATUS_TAG_DIGEST:
      transcript_note_status (self, message);
      set_digest (self, message->arg, message->arg_len);
      if (self->kind == DH_TRANSFER_KIND_PUSH)
        self->marker_seen = TRUE;
      return;

    case DH_PROGRESS_STATUS_DIGEST:
      transcript_note_status (self, message);
      set_digest (self, message->arg, message->arg_len);
      return;

    case DH_PROGRESS_STATUS_DOWNLOADED_NEWER:
    case DH_PROGRESS_STATUS_UP_TO_DATE:
      {
        DhPullOutcome outcome = message->status_kind == DH_PROGRESS_STATUS_UP_TO_DATE
                              ? DH_PULL_OUTCOME_UP_TO_DATE
                              : DH_PULL_OUTCOME_DOWNLOADED;

        transcript_note_status (self, message);
        if (outcome != self->pull_outcome)
          {
            self->pull_outcome = outcome;
            notify (self, PROP_PULL_OUTCOME);
          }
        if (self->kind == DH_TRANSFER_KIND_PULL)
          self->marker_seen = TRUE;
      }
      return;

    case DH_PROGRESS_STATUS_PUSH_REFERS:
    case DH_PROGRESS_STATUS_PULLING_FROM:
      /* Headers: their id (if any) is a tag or digest, not a layer. */
      transcript_note_status (self, message);
      return;

    case DH_PROGRESS_STATUS_NONE:
      return;

    case DH_PROGRESS_STATUS_OTHER:
    case DH_PROGRESS_STATUS_PREPARING:
    case DH_PROGRESS_STATUS_WAITING:
    case DH_PROGRESS_STATUS_PUSHING:
    case DH_PROGRESS_STATUS_PUSHED:
    case DH_PROGRESS_STATUS_LAYER_ALREADY_EXISTS:
    case DH_PROGRESS_STATUS_MOUNTED_FROM:
    case DH_PROGRESS_STATUS_UNAVAILABLE:
    case DH_PROGRESS_STATUS_RETRYING:
    case DH_PROGRESS_STATUS_ALREADY_EXISTS:
    case DH_PROGRESS_STATUS_PULLING_FS_LAYER:
    case DH_PROGRESS_STATUS_DOWNLOADING:
    case DH_PROGRESS_STATUS_VERIFYING:
    case DH_PROGRESS_STATUS_DOWNLOAD_COMPLETE:
    case DH_PROGRESS_STATUS_EXTRACTING:
    case DH_PROGRESS_STATUS_PULL_COMPLETE:
    default:
      break;
    }

  if (message->id != NULL)
    apply_layer_status (self, message);
  else
    transcript_note_status (self, message);
}

/* containers/image copies the layers, then the config, then writes the
 * manifest: once the config or manifest comes, every blob is done. */
static void
complete_listed_layers (DhTransfer *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);
      LayerEntry *entry;

      if (dh_layer_is_complete (layer))
        continue;

      entry = g_hash_table_lookup (self->entries, dh_layer_get_id (layer));
      g_assert (entry != NULL);

      _dh_layer_set_phase (layer, DH_LAYER_PHASE_DONE);
      account_entry (self, entry);
    }
}

static void
apply_stream (DhTransfer              *self,
              const DhProgressMessage *message)
{
  const char *text = message->stream;
  gsize text_len = strlen (text);

  self->saw_stream = TRUE;

  while (text_len > 0 && (text[text_len - 1] == '\n' || text[text_len - 1] == '\r'))
    text_len--;

  transcript_append (self, NULL, NULL, text, text_len);

  switch (message->stream_kind)
    {
    case DH_PROGRESS_STREAM_COPYING_BLOB:
      {
        gsize id_len = MIN (message->arg_len, SHORT_ID_LEN);
        g_autofree char *id = g_strndup (message->arg, id_len);
        LayerEntry *entry = g_hash_table_lookup (self->entries, id);
        DhLayerPhase phase;

        if (entry == NULL)
          entry = add_entry (self, id, id_len, FALSE);

        if (message->blob_skipped)
          phase = DH_LAYER_PHASE_ALREADY_PRESENT;
        else if (self->kind == DH_TRANSFER_KIND_PUSH)
          phase = DH_LAYER_PHASE_UPLOADING;
        else
          phase = DH_LAYER_PHASE_DOWNLOADING;

        _dh_layer_set_status_text (entry->layer, text, text_len);
        _dh_layer_set_phase (entry->layer, phase);
        account_entry (self, entry);
      }
      break;

    case DH_PROGRESS_STREAM_COPYING_CONFIG:
      complete_listed_layers (self);
      break;

    case DH_PROGRESS_STREAM_WRITING_MANIFEST:
    case DH_PROGRESS_STREAM_STORING_SIGNATURES:
      complete_listed_layers (self);
      self->marker_seen = TRUE;
      break;

    case DH_PROGRESS_STREAM_NONE:
    case DH_PROGRESS_STREAM_OTHER:
    default:
      break;
    }
}

static void
dh_transfer_finalize (GObject *object)
{
  DhTransfer *self = (DhTransfer *)object;

  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->digest, g_free);
  g_clear_pointer (&self->digest_problem, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->layers);
  g_clear_pointer (&self->parser, _dh_progress_parser_free);
  g_clear_pointer (&self->transcript_ids, g_hash_table_unref);
  g_clear_pointer (&self->transcript, g_array_unref);
  g_clear_pointer (&self->stream_error, g_free);
  g_clear_pointer (&self->image_id, g_free);
  g_clear_pointer (&self->refusal, g_free);

  G_OBJECT_CLASS (dh_transfer_parent_class)->finalize (object);
}

static void
dh_transfer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DhTransfer *self = DH_TRANSFER (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_REFERENCE:
      g_value_set_string (value, self->reference);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_DIGEST:
      g_value_set_string (value, self->digest);
      break;

    case PROP_DIGEST_PROBLEM:
      g_value_set_string (value, self->digest_problem);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, dh_transfer_get_error_message (self));
      break;

    case PROP_PULL_OUTCOME:
      g_value_set_enum (value, self->pull_outcome);
      break;

    case PROP_CURRENT_BYTES:
      g_value_set_int64 (value, self->current_bytes);
      break;

    case PROP_TOTAL_BYTES:
      g_value_set_int64 (value, self->total_bytes);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;

    case PROP_ETA:
      g_value_set_int64 (value, self->eta);
      break;

    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;

    case PROP_FINISHED_AT:
      g_value_set_int64 (value, self->finished_at);
      break;

    case PROP_LAYERS:
      g_value_set_object (value, self->layers);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_transfer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DhTransfer *self = DH_TRANSFER (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_REFERENCE:
      g_free (self->reference);
      self->reference = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_transfer_class_init (DhTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_transfer_finalize;
  object_class->get_property = dh_transfer_get_property;
  object_class->set_property = dh_transfer_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DH_TYPE_TRANSFER_KIND,
                       DH_TRANSFER_KIND_PUSH,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REFERENCE] =
    g_param_spec_string ("reference", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DH_TYPE_TRANSFER_STATE,
                       DH_TRANSFER_STATE_RUNNING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIGEST] =
    g_param_spec_string ("digest", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIGEST_PROBLEM] =
    g_param_spec_string ("digest-problem", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PULL_OUTCOME] =
    g_param_spec_enum ("pull-outcome", NULL, NULL,
                       DH_TYPE_PULL_OUTCOME,
                       DH_PULL_OUTCOME_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENT_BYTES] =
    g_param_spec_int64 ("current-bytes", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL_BYTES] =
    g_param_spec_int64 ("total-bytes", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ETA] =
    g_param_spec_int64 ("eta", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STARTED_AT] =
    g_param_spec_int64 ("started-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FINISHED_AT] =
    g_param_spec_int64 ("finished-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAYERS] =
    g_param_spec_object ("layers", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_transfer_init (DhTransfer *self)
{
  self->state = DH_TRANSFER_STATE_RUNNING;
  self->eta = -1;
  self->started_at = g_get_real_time ();
  self->layers = g_list_store_new (DH_TYPE_LAYER);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, layer_entry_free);
  self->clock = default_clock;
}

/* @reference is what the engine is asked to push or pull, as the user
 * wrote or chose it; it is kept for display. */
DhTransfer *
dh_transfer_new (DhTransferKind  kind,
                 const char     *reference)
{
  g_return_val_if_fail (kind == DH_TRANSFER_KIND_PUSH || kind == DH_TRANSFER_KIND_PULL, NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  return g_object_new (DH_TYPE_TRANSFER,
                       "kind", kind,
                       "reference", reference,
                       NULL);
}

DhTransferKind
dh_transfer_get_kind (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), DH_TRANSFER_KIND_PUSH);

  return self->kind;
}

const char *
dh_transfer_get_reference (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), NULL);

  return self->reference;
}

DhTransferState
dh_transfer_get_state (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), DH_TRANSFER_STATE_FAILED);

  return self->state;
}

gboolean
dh_transfer_is_finished (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), TRUE);

  return self->state != DH_TRANSFER_STATE_RUNNING;
}

gboolean
dh_transfer_stopped_short (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), FALSE);

  return self->state == DH_TRANSFER_STATE_FAILED || self->state == DH_TRANSFER_STATE_CANCELLED;
}

/* The manifest digest ("sha256:…") the registry confirmed, or NULL.
 * Podman's libpod push does not report one. */
const char *
dh_transfer_get_digest (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), NULL);

  return self->digest;
}

const char *
dh_transfer_get_error_message (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), NULL);

  return self->error != NULL ? self->error->message : NULL;
}

/* A DH_ERROR (or the error given to dh_transfer_fail()) once the
 * transfer FAILED or was CANCELLED; NULL otherwise. */
const GError *
dh_transfer_get_error (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), NULL);

  return self->error;
}

DhPullOutcome
dh_transfer_get_pull_outcome (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), DH_PULL_OUTCOME_UNKNOWN);

  return self->pull_outcome;
}

/* Bytes moved over the layers whose size is known; completed layers
 * count fully. */
gint64
dh_transfer_get_current_bytes (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), 0);

  return self->current_bytes;
}

gint64
dh_transfer_get_total_bytes (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), 0);

  return self->total_bytes;
}

/* By bytes when any size is known, else by completed layers; 1.0 once
 * SUCCEEDED. */
double
dh_transfer_get_fraction (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), 0.0);

  return self->fraction;
}

/* Smoothed bytes per second; 0 when unknown or finished. */
double
dh_transfer_get_speed (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), 0.0);

  return self->speed;
}

/* Seconds left at the current speed; -1 when unknown. */
gint64
dh_transfer_get_eta (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), -1);

  return self->eta;
}

/* A GListModel of DhLayer in the order the engine first named them.
 * Layers are only ever appended. */
GListModel *
dh_transfer_get_layers (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), NULL);

  return G_LIST_MODEL (self->layers);
}

/* Wall-clock microseconds (g_get_real_time()). */
gint64
dh_transfer_get_started_at (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), 0);

  return self->started_at;
}

/* Wall-clock microseconds, 0 while running. */
gint64
dh_transfer_get_finished_at (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), 0);

  return self->finished_at;
}

/**
 * dh_transfer_set_registry_digest_problem:
 * @self: a push that succeeded without a digest
 * @message: what the registry said instead, for the user
 *
 * Returns: %TRUE when @message is now the transfer's digest problem
 */
gboolean
dh_transfer_set_registry_digest_problem (DhTransfer *self,
                                         const char *message)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (self->kind != DH_TRANSFER_KIND_PUSH ||
      self->state != DH_TRANSFER_STATE_SUCCEEDED ||
      self->digest != NULL)
    return FALSE;

  set_string (self, &self->digest_problem, message, strlen (message), PROP_DIGEST_PROBLEM);
  return TRUE;
}

/* Why a push has no digest after the registry was asked; NULL while
 * it has one or none was asked for. */
const char *
dh_transfer_get_digest_problem (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), NULL);

  return self->digest != NULL ? NULL : self->digest_problem;
}

/**
 * dh_transfer_set_registry_digest:
 * @self: a push that succeeded without the engine naming the digest
 * @digest: the manifest digest the registry gives the pushed tag
 *
 * Podman's libpod push reports no digest; the registry is asked
 * afterwards (dh_push_digest_fetch_async()). A digest the engine gave
 * is never replaced, and anything but `sha256:` and 64 hex is refused.
 *
 * Returns: %TRUE when @digest is now the transfer's digest
 */
gboolean
dh_transfer_set_registry_digest (DhTransfer *self,
                                 const char *digest)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), FALSE);
  g_return_val_if_fail (digest != NULL, FALSE);

  if (self->kind != DH_TRANSFER_KIND_PUSH ||
      self->state != DH_TRANSFER_STATE_SUCCEEDED ||
      self->digest != NULL)
    return FALSE;

  if (!g_str_has_prefix (digest, "sha256:") || strlen (digest) != strlen ("sha256:") + 64)
    return FALSE;
  for (const char *p = digest + strlen ("sha256:"); *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;

  set_digest (self, digest, strlen (digest));
  return TRUE;
}

/**
 * dh_transfer_expect_layer:
 * @self: a running #DhTransfer, before its stream starts
 * @id: the layer as the engine's stream will name it: its diff ID
 *   (`sha256:…`, as in the image's `RootFS.Layers`) or the 12-hex short id
 * @size: what the stream's byte counts will add up to for it, or -1
 *
 * Lists a layer the stream is expected to report, so that the list and
 * the total are known before the first byte. Docker (graphdriver) and
 * Podman name a pushed layer by its diff ID and count its uncompressed
 * tar stream, which is the size `GET /images/{name}/history` gives it.
 * A layer the engine then reports as already there counts as done with
 * that size. Naming a layer twice changes nothing.
 */
void
dh_transfer_expect_layer (DhTransfer *self,
                          const char *id,
                          gint64      size)
{
  LayerEntry *entry;
  gsize len;

  g_return_if_fail (DH_IS_TRANSFER (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (self->state == DH_TRANSFER_STATE_RUNNING);

  if (g_str_has_prefix (id, "sha256:"))
    id += strlen ("sha256:");

  len = strlen (id);
  if (len < SHORT_ID_LEN)
    return;
  for (gsize i = 0; i < SHORT_ID_LEN; i++)
    if (!g_ascii_isxdigit (id[i]))
      return;

  {
    g_autofree char *key = g_strndup (id, SHORT_ID_LEN);

    if (g_hash_table_contains (self->entries, key))
      return;
  }

  g_object_freeze_notify (G_OBJECT (self));
  entry = add_entry (self, id, SHORT_ID_LEN, TRUE);
  if (size > 0)
    _dh_layer_set_progress (entry->layer, 0, size);
  list_entry (self, entry);
  update_fraction (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * dh_transfer_expect_total_bytes:
 * @self: a running #DhTransfer
 * @total_bytes: what the whole image's layers add up to, or -1
 *
 * For when the layers' own sizes are not known: the total shown is at
 * least @total_bytes from the start.
 */
void
dh_transfer_expect_total_bytes (DhTransfer *self,
                                gint64      total_bytes)
{
  gint64 old_total;

  g_return_if_fail (DH_IS_TRANSFER (self));

  old_total = self->total_bytes;
  self->expected_total = MAX (total_bytes, 0);
  self->total_bytes = MAX (self->layers_total, self->expected_total);
  if (old_total != self->total_bytes)
    {
      g_object_freeze_notify (G_OBJECT (self));
      notify (self, PROP_TOTAL_BYTES);
      update_fraction (self);
      g_object_thaw_notify (G_OBJECT (self));
    }
}

/* Applies one line of the engine's stream. @len may be -1. Empty lines
 * and lines after the transfer finished are ignored. Returns FALSE with
 * a DH_ERROR_PROTOCOL error for a malformed line, which changes
 * nothing: the caller may log it and go on with the next line. An error
 * reported by the engine in the stream is not a malformed line: it
 * makes the transfer FAILED and the call returns TRUE. */
gboolean
dh_transfer_apply_line (DhTransfer  *self,
                        const char  *line,
                        gssize       len,
                        GError     **error)
{
  DhProgressMessage message;
  gboolean is_empty;

  g_return_val_if_fail (DH_IS_TRANSFER (self), FALSE);
  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state != DH_TRANSFER_STATE_RUNNING)
    return TRUE;

  if (self->parser == NULL)
    self->parser = _dh_progress_parser_new ();

  if (!_dh_progress_parser_parse (self->parser, line, len, &message, &is_empty, error))
    return FALSE;

  if (is_empty)
    return TRUE;

  self->n_lines++;

  if (message.error_message != NULL)
    {
      self->stream_error = g_strdup (message.error_message);
      finish (self, DH_TRANSFER_STATE_FAILED, dh_error_new_from_message (message.error_message));
      return TRUE;
    }

  if (message.status != NULL)
    apply_status (self, &message);
  else if (message.stream != NULL)
    apply_stream (self, &message);
  else if (message.id != NULL && self->saw_stream && self->image_id == NULL)
    self->image_id = g_strdup (message.id);

  if (message.aux_digest != NULL)
    {
      set_digest (self, message.aux_digest, strlen (message.aux_digest));
      if (self->kind == DH_TRANSFER_KIND_PUSH)
        self->marker_seen = TRUE;
    }

  update_fraction (self);
  sample_speed (self);

  return TRUE;
}

/* The stream ended cleanly (the engine closed it). SUCCEEDED when the
 * dialect's completion marker was seen, FAILED otherwise. */
void
dh_transfer_finish_stream (DhTransfer *self)
{
  const char *what;

  g_return_if_fail (DH_IS_TRANSFER (self));

  if (self->state != DH_TRANSFER_STATE_RUNNING)
    return;

  if (_dh_transfer_stream_is_complete (self))
    {
      finish (self, DH_TRANSFER_STATE_SUCCEEDED, NULL);
      return;
    }

  what = self->kind == DH_TRANSFER_KIND_PUSH ? "push" : "pull";
  finish (self, DH_TRANSFER_STATE_FAILED,
          g_error_new (DH_ERROR, DH_ERROR_ENGINE_GONE,
                       "The engine closed the stream before the %s finished; "
                       "nothing was confirmed. Try again.",
                       what));
}

gboolean
_dh_transfer_stream_is_complete (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), FALSE);

  /* Podman's compat pull has no closing line of its own; a stream that
   * looks like one and ends cleanly is its success. */
  return self->marker_seen ||
         (self->n_lines > 0 && self->saw_compat_pull_status && is_podman_compat_pull (self));
}

/* The transfer failed outside the stream (an HTTP error before it, a
 * broken connection): FAILED with a copy of @error. */
void
dh_transfer_fail (DhTransfer   *self,
                  const GError *error)
{
  g_return_if_fail (DH_IS_TRANSFER (self));
  g_return_if_fail (error != NULL);

  if (self->state != DH_TRANSFER_STATE_RUNNING)
    return;

  finish (self, DH_TRANSFER_STATE_FAILED, g_error_copy (error));
}

/* The user cancelled (the engine stops when the connection closes). */
void
dh_transfer_cancel_stream (DhTransfer *self)
{
  g_return_if_fail (DH_IS_TRANSFER (self));

  if (self->state != DH_TRANSFER_STATE_RUNNING)
    return;

  finish (self, DH_TRANSFER_STATE_CANCELLED,
          g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               self->kind == DH_TRANSFER_KIND_PUSH
                               ? "The push was cancelled."
                               : "The pull was cancelled."));
}

/* Transcript rendering (see "Transcript" above). */

DhTranscriptDialect
dh_transfer_get_transcript_dialect (DhTransfer *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER (self), DH_TRANSCRIPT_DIALECT_DOCKER);

  return self->saw_stream || self->refusal_podman
         ? DH_TRANSCRIPT_DIALECT_PODMAN
         : DH_TRANSCRIPT_DIALECT_DOCKER;
}

/* go-units' HumanSize: four significant digits, decimal units. */
static void
append_human_size (GString *out,
                   double   size,
                   int      width)
{
  static const char * const units[] = { "B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB" };
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;
  guint i = 0;

  while (size >= 1000.0 && i + 1 < G_N_ELEMENTS (units))
    {
      size /= 1000.0;
      i++;
    }

  g_ascii_formatd (number, sizeof number, "%.4g", size);
  text = g_strconcat (number, units[i], NULL);
  g_string_append_printf (out, "%*s", width, text);
}

/* jsonmessage.JSONProgress.String() on a terminal wider than 110
 * columns: `[=====>      ]  1.77MB/8.389MB`. */
static void
append_progress_bar (GString *out,
                     gint64   current,
                     gint64   total)
{
  int percentage;

  if (current <= 0 && total <= 0)
    return;

  g_string_append_c (out, ' ');

  if (total <= 0)
    {
      append_human_size (out, (double)current, 8);
      return;
    }

  percentage = (int)((double)current / (double)total * 100.0) / 2;
  percentage = CLAMP (percentage, 0, 50);

  g_string_append_c (out, '[');
  for (int i = 0; i < percentage; i++)
    g_string_append_c (out, '=');
  g_string_append_c (out, '>');
  for (int i = percentage; i < 50; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, "] ");

  append_human_size (out, (double)MAX (current, 0), 8);
  if (current <= total)
    {
      g_string_append_c (out, '/');
      append_human_size (out, (double)total, 0);
    }
}

static void
render_docker (DhTransfer *self,
               GString    *out)
{
  for (guint i = 0; self->transcript != NULL && i < self->transcript->len; i++)
    {
      const TranscriptLine *line = &g_array_index (self->transcript, TranscriptLine, i);

      if (line->entry != NULL)
        {
          DhLayer *layer = line->entry->layer;
          const char *status = dh_layer_get_status_text (layer);

          g_string_append_printf (out, "%s: %s", dh_layer_get_id (layer), status ? status : "");
          if (line->entry->last_had_progress)
            append_progress_bar (out, dh_layer_get_current (layer), dh_layer_get_total (layer));
        }
      else if (line->id != NULL)
        g_string_append_printf (out, "%s: %s", line->id, line->text);
      else
        g_string_append (out, line->text);

      g_string_append_c (out, '\n');
    }

  if (self->stream_error != NULL)
    g_string_append_printf (out, "%s\n", self->stream_error);
  else if (self->refusal != NULL)
    g_string_append_printf (out, "Error response from daemon: %s\n", self->refusal);

  /* `docker pull` names what it pulled once the engine is done. */
  if (self->kind == DH_TRANSFER_KIND_PULL && self->state == DH_TRANSFER_STATE_SUCCEEDED)
    {
      g_autoptr(DhReference) reference = dh_reference_parse (self->reference, NULL);

      if (reference != NULL)
        {
          g_autofree char *text = dh_reference_to_string (reference);

          g_string_append_printf (out, "%s\n", text);
        }
    }
}

/* containers/image on a terminal: `Copying blob <12 hex> done`, the
 * config with 10 hex (its bars line up with the blobs'). */
static gboolean
append_podman_copy (DhTransfer *self,
                    GString    *out,
                    const char *text)
{
  const char *prefix;
  const char *rest;
  gsize hex_len;
  gsize shown;

  if (g_str_has_prefix (text, "Copying blob "))
    prefix = "Copying blob ";
  else if (g_str_has_prefix (text, "Copying config "))
    prefix = "Copying config ";
  else
    return FALSE;

  rest = text + strlen (prefix);
  if (g_str_has_prefix (rest, "sha256:"))
    rest += strlen ("sha256:");

  hex_len = strspn (rest, "0123456789abcdef");
  if (hex_len == 0)
    return FALSE;

  shown = MIN (hex_len, strlen ("Copying blob ") + SHORT_ID_LEN - strlen (prefix));
  g_string_append (out, prefix);
  g_string_append_len (out, rest, shown);
  rest += hex_len;

  if (*rest != '\0')
    g_string_append (out, rest);
  else if (self->state == DH_TRANSFER_STATE_SUCCEEDED)
    g_string_append (out, " done");

  return TRUE;
}

static void
render_podman (DhTransfer *self,
               GString    *out)
{
  for (guint i = 0; self->transcript != NULL && i < self->transcript->len; i++)
    {
      const TranscriptLine *line = &g_array_index (self->transcript, TranscriptLine, i);

      if (line->entry != NULL || line->id != NULL)
        continue;

      if (!append_podman_copy (self, out, line->text))
        g_string_append (out, line->text);
      g_string_append_c (out, '\n');
    }

  if (self->stream_error != NULL || self->refusal != NULL)
    g_string_append_printf (out, "Error: %s\n",
                            self->stream_error != NULL ? self->stream_error : self->refusal);

  /* `podman pull` ends with the image id. */
  if (self->kind == DH_TRANSFER_KIND_PULL &&
      self->state == DH_TRANSFER_STATE_SUCCEEDED &&
      self->image_id != NULL)
    g_string_append_printf (out, "%s\n", self->image_id);
}

/**
 * dh_transfer_dup_transcript:
 *
 * Returns: (transfer full): the text the engine's command line tool
 *   would have printed so far (empty before the first line).
 */
char *
dh_transfer_dup_transcript (DhTransfer *self)
{
  GString *out;

  g_return_val_if_fail (DH_IS_TRANSFER (self), NULL);

  out = g_string_new (NULL);

  if (dh_transfer_get_transcript_dialect (self) == DH_TRANSCRIPT_DIALECT_PODMAN)
    render_podman (self, out);
  else
    render_docker (self, out);

  return g_string_free (out, FALSE);
}

void
_dh_transfer_set_engine_refusal (DhTransfer *self,
                                 const char *message,
                                 gboolean    podman)
{
  g_return_if_fail (DH_IS_TRANSFER (self));
  g_return_if_fail (message != NULL);

  g_free (self->refusal);
  self->refusal = g_strdup (message);
  self->refusal_podman = !!podman;
}

void
_dh_transfer_set_clock (DhTransfer      *self,
                        DhTransferClock  clock,
                        gpointer         user_data)
{
  g_return_if_fail (DH_IS_TRANSFER (self));

  self->clock = clock != NULL ? clock : default_clock;
  self->clock_data = clock != NULL ? user_data : NULL;
  self->sampling = FALSE;
}
