/* dh-publication-tracker.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-publication-tracker"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-error.h"
#include "dh-publication-tracker.h"
#include "dh-reference.h"
#include "dh-registry-client.h"
#include "dh-repository.h"

/* Enough to answer a page of tags quickly, few enough not to flood a
 * registry (or the Hub's rate limit) when many images are shown. */
#define MAX_RUNNING 6

struct _DhPublication
{
  GObject             parent_instance;

  char               *name;           /* full reference */
  char               *server;         /* credential key of the registry */
  char               *host;           /* for DhRegistryClient */
  char               *repository;     /* path on that registry */
  char               *tag;
  char               *registry_name;
  char               *image_id;       /* sha256:… */
  char               *local_key;      /* the image's digests for the repository */
  guint               serial;         /* of the newest check asked for */
  gboolean            queued;
  gboolean            seen;

  DhPublicationState  state;
  char               *message;
};

struct _DhPublicationTracker
{
  GObject           parent_instance;

  DhAccountManager *accounts;
  DhHubSession     *hub_session;
  GListModel       *images;
  GHashTable       *servers;       /* logged-in server keys */
  GHashTable       *publications;  /* full reference → DhPublication */
  GHashTable       *clients;       /* server key → DhRegistryClient */
  GQueue            queue;         /* DhPublication (owned) */
  GCancellable     *cancellable;
  guint             n_running;
  guint             n_requests;
  guint             generation;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

enum {
  CHANGED,
  PUBLICATION_CHANGED,
  N_SIGNALS
};

G_DEFINE_ENUM_TYPE (DhPublicationState, dh_publication_state,
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_CHECKING, "checking"),
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_NOT_PUSHED, "not-pushed"),
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_PUBLISHED, "published"),
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_CHANGED, "changed"))

G_DEFINE_FINAL_TYPE (DhPublication, dh_publication, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (DhPublicationTracker, dh_publication_tracker, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* DhPublication */

static void
dh_publication_finalize (GObject *object)
{
  DhPublication *self = (DhPublication *)object;

  g_free (self->name);
  g_free (self->server);
  g_free (self->host);
  g_free (self->repository);
  g_free (self->tag);
  g_free (self->registry_name);
  g_free (self->image_id);
  g_free (self->local_key);
  g_free (self->message);

  G_OBJECT_CLASS (dh_publication_parent_class)->finalize (object);
}

static void
dh_publication_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DhPublication *self = DH_PUBLICATION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_publication_class_init (DhPublicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_publication_finalize;
  object_class->get_property = dh_publication_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DH_TYPE_PUBLICATION_STATE, DH_PUBLICATION_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_publication_init (DhPublication *self)
{
}

const char *
dh_publication_get_name (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), NULL);

  return self->name;
}

const char *
dh_publication_get_registry_name (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), NULL);

  return self->registry_name;
}

DhPublicationState
dh_publication_get_state (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), DH_PUBLICATION_UNKNOWN);

  return self->state;
}

const char *
dh_publication_get_label (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), NULL);

  switch (self->state)
    {
    case DH_PUBLICATION_CHECKING:
      return _("Checking…");

    case DH_PUBLICATION_PUBLISHED:
      return _("Published");

    case DH_PUBLICATION_CHANGED:
      return _("Changed since push");

    case DH_PUBLICATION_NOT_PUSHED:
      return _("Not pushed");

    case DH_PUBLICATION_UNKNOWN:
      return _("Not checked");

    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
dh_publication_get_message (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), NULL);

  return self->message;
}

/* DhPublicationTracker */

static void dh_publication_tracker_pump (DhPublicationTracker *self);

static gboolean
is_current (DhPublicationTracker *self,
            DhPublication        *publication)
{
  return g_hash_table_lookup (self->publications, publication->name) == publication;
}

static void
publication_set_state (DhPublicationTracker *self,
                       DhPublication        *publication,
                       DhPublicationState    state,
                       const char           *message)
{
  gboolean changed = publication->state != state;

  g_object_freeze_notify (G_OBJECT (publication));

  if (changed)
    {
      publication->state = state;
      g_object_notify_by_pspec (G_OBJECT (publication), properties[PROP_STATE]);
    }

  if (g_strcmp0 (publication->message, message) != 0)
    {
      g_free (publication->message);
      publication->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (publication), properties[PROP_MESSAGE]);
    }

  g_object_thaw_notify (G_OBJECT (publication));

  if (changed && is_current (self, publication))
    g_signal_emit (self, signals[PUBLICATION_CHANGED], 0, publication->name);
}

typedef struct
{
  DhPublicationTracker *self;
  DhPublication        *publication;
  DhRegistryClient     *client;
  guint                 generation;
  guint                 serial;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->self);
  g_object_unref (check->publication);
  g_clear_object (&check->client);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static gboolean
check_is_stale (Check *check)
{
  return check->generation != check->self->generation ||
         check->serial != check->publication->serial ||
         !is_current (check->self, check->publication);
}

static void
check_done (Check *check)
{
  DhPublicationTracker *self = check->self;

  g_assert (self->n_running > 0);
  self->n_running--;
  dh_publication_tracker_pump (self);
}

static gboolean
key_has_digest (const char *local_key,
                const char *digest)
{
  g_auto(GStrv) digests = g_strsplit (local_key != NULL ? local_key : "", ",", -1);

  return digest != NULL && g_strv_contains ((const char * const *)digests, digest);
}

static void
check_answer (Check              *check,
              DhPublicationState  state,
              const GError       *error)
{
  DhPublication *publication = check->publication;
  g_autofree char *message = NULL;

  if (check_is_stale (check))
    return;

  switch (state)
    {
    case DH_PUBLICATION_PUBLISHED:
      message = g_strdup_printf (_("%s on %s is this image"),
                                 publication->name, publication->registry_name);
      break;

    case DH_PUBLICATION_CHANGED:
      message = g_strdup_printf (_("%s on %s is another image: push it to publish this one"),
                                 publication->name, publication->registry_name);
      break;

    case DH_PUBLICATION_NOT_PUSHED:
      message = g_strdup_printf (_("%s is not on %s yet: push it to publish it"),
                                 publication->name, publication->registry_name);
      break;

    case DH_PUBLICATION_UNKNOWN:
    case DH_PUBLICATION_CHECKING:
    default:
      g_assert (error != NULL);
      state = DH_PUBLICATION_UNKNOWN;
      message = g_strdup_printf (_("Could not ask %s about %s: %s"),
                                 publication->registry_name, publication->name,
                                 error->message);
      break;
    }

  g_debug ("%s", message);
  publication_set_state (check->self, publication, state, message);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
config_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhRegistryClient *client = DH_REGISTRY_CLIENT (object);
  g_autoptr(Check) check = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;

  config = dh_registry_client_get_config_digest_finish (client, result, &error);

  if (is_cancelled (error))
    return;

  if (error == NULL)
    check_answer (check,
                  g_strcmp0 (config, check->publication->image_id) == 0
                    ? DH_PUBLICATION_PUBLISHED : DH_PUBLICATION_CHANGED,
                  NULL);
  else if (g_error_matches (error, DH_ERROR, DH_ERROR_NOT_FOUND))
    check_answer (check, DH_PUBLICATION_NOT_PUSHED, NULL);
  else
    check_answer (check, DH_PUBLICATION_UNKNOWN, error);

  check_done (check);
}

static void
digest_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhRegistryClient *client = DH_REGISTRY_CLIENT (object);
  g_autoptr(Check) check = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;

  digest = dh_registry_client_get_digest_finish (client, result, &error);

  if (is_cancelled (error))
    return;

  if (digest != NULL && !key_has_digest (check->publication->local_key, digest) &&
      !check_is_stale (check))
    {
      /* Not one of the image's RepoDigests: the manifest may still be
       * of this image, written anew by the engine that pushed it. */
      DhPublication *publication = check->publication;
      GCancellable *cancellable = check->self->cancellable;

      check->self->n_requests++;
      dh_registry_client_get_config_digest_async (client,
                                                  publication->repository,
                                                  publication->tag,
                                                  cancellable,
                                                  config_cb, g_steal_pointer (&check));
      return;
    }

  if (digest != NULL)
    check_answer (check, DH_PUBLICATION_PUBLISHED, NULL);
  else if (g_error_matches (error, DH_ERROR, DH_ERROR_NOT_FOUND))
    check_answer (check, DH_PUBLICATION_NOT_PUSHED, NULL);
  else
    check_answer (check, DH_PUBLICATION_UNKNOWN, error);

  check_done (check);
}

static void
check_start (Check            *check,
             DhRegistryClient *client)
{
  check->self->n_requests++;
  check->client = g_object_ref (client);
  dh_registry_client_get_digest_async (client,
                                       check->publication->repository,
                                       check->publication->tag,
                                       check->self->cancellable,
                                       digest_cb, check);
}

static void
credential_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DhAccountManager *accounts = DH_ACCOUNT_MANAGER (object);
  Check *check = user_data;
  DhPublicationTracker *self = check->self;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  g_autoptr(GError) error = NULL;
  DhRegistryClient *cached;

  credential = dh_account_manager_lookup_finish (accounts, result, &error);

  if (is_cancelled (error))
    {
      check_free (check);
      return;
    }

  /* Another check of the same registry may have made the client. */
  if (check->generation == self->generation &&
      (cached = g_hash_table_lookup (self->clients, check->publication->server)))
    {
      check_start (check, cached);
      return;
    }

  /* Plain HTTP is only ever used for loopback registries (the client
   * ignores @insecure for anything else), like the engine's own
   * insecure-registries default. */
  if (error == NULL)
    client = dh_registry_client_new (check->publication->host, TRUE, &error);

  if (client == NULL)
    {
      check_answer (check, DH_PUBLICATION_UNKNOWN, error);
      check_done (check);
      check_free (check);
      return;
    }

  dh_registry_client_set_credential (client, credential);
  if (check->generation == self->generation)
    g_hash_table_replace (self->clients, g_strdup (check->publication->server),
                          g_object_ref (client));

  check_start (check, client);
}

static void
dh_publication_tracker_pump (DhPublicationTracker *self)
{
  while (self->n_running < MAX_RUNNING && !g_queue_is_empty (&self->queue))
    {
      DhPublication *publication = g_queue_pop_head (&self->queue);
      DhRegistryClient *client;
      Check *check;

      publication->queued = FALSE;

      if (!is_current (self, publication))
        {
          g_object_unref (publication);
          continue;
        }

      check = g_new0 (Check, 1);
      check->self = g_object_ref (self);
      check->publication = publication;  /* the queue's reference */
      check->generation = self->generation;
      check->serial = publication->serial;

      self->n_running++;

      if ((client = g_hash_table_lookup (self->clients, publication->server)))
        check_start (check, client);
      else
        dh_account_manager_lookup_async (self->accounts, publication->server,
                                         self->cancellable, credential_cb, check);
    }
}

static void
dh_publication_tracker_enqueue (DhPublicationTracker *self,
                                DhPublication        *publication)
{
  publication->serial++;
  publication_set_state (self, publication, DH_PUBLICATION_CHECKING, NULL);

  if (!publication->queued)
    {
      publication->queued = TRUE;
      g_queue_push_tail (&self->queue, g_object_ref (publication));
    }

  dh_publication_tracker_pump (self);
}

/* The image's digests for @domain/@path, sorted, joined by ",". */
static char *
local_key_for (DhImage    *image,
               const char *domain,
               const char *path)
{
  const char * const *digests = dh_image_get_digests (image);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; digests != NULL && digests[i] != NULL; i++)
    {
      g_autoptr(DhReference) reference = dh_reference_parse (digests[i], NULL);

      if (reference != NULL &&
          dh_reference_get_digest (reference) != NULL &&
          g_strcmp0 (dh_reference_get_domain (reference), domain) == 0 &&
          g_strcmp0 (dh_reference_get_path (reference), path) == 0)
        g_ptr_array_add (found, g_strdup (dh_reference_get_digest (reference)));
    }

  g_ptr_array_sort (found, (GCompareFunc)g_strcmp0);
  g_ptr_array_add (found, NULL);

  return g_strjoinv (",", (char **)found->pdata);
}

/* Engines give the ID with or without its algorithm. */
static char *
image_id_for (DhImage *image)
{
  const char *id = dh_image_get_id (image);

  if (id == NULL)
    return NULL;
  if (strchr (id, ':') != NULL)
    return g_strdup (id);
  return g_strconcat ("sha256:", id, NULL);
}

static gboolean
is_own_hub_repository (DhPublicationTracker *self,
                       const char           *path)
{
  g_auto(GStrv) namespaces = NULL;
  g_autofree char *namespace_ = NULL;
  const char *slash = strchr (path, '/');

  if (slash == NULL || g_str_has_prefix (path, DH_HUB_LIBRARY_NAMESPACE "/"))
    return FALSE;

  /* Until the Hub session knows the user, any namespace may be theirs. */
  if (self->hub_session == NULL ||
      dh_hub_session_get_state (self->hub_session) != DH_HUB_SESSION_LOGGED_IN)
    return TRUE;

  namespace_ = g_strndup (path, slash - path);
  namespaces = dh_hub_client_dup_namespaces (dh_hub_session_get_client (self->hub_session));
  return g_strv_contains ((const char * const *)namespaces, namespace_);
}

/* Follows @name of @image; NULL when it is not asked about. */
static DhPublication *
dh_publication_tracker_track (DhPublicationTracker *self,
                              DhImage              *image,
                              const char           *name)
{
  g_autoptr(DhReference) reference = NULL;
  g_autofree char *full = NULL;
  g_autofree char *server = NULL;
  g_autofree char *local_key = NULL;
  g_autofree char *image_id = NULL;
  DhPublication *publication;
  const char *domain;
  gboolean hub;

  if (!(reference = dh_reference_parse (name, NULL)) ||
      dh_reference_get_tag (reference) == NULL ||
      dh_reference_get_digest (reference) != NULL)
    return NULL;

  domain = dh_reference_get_domain (reference);
  server = dh_server_key_for_domain (domain);
  if (server == NULL)
    return NULL;

  /* On Docker Hub, only the user's own namespaces are theirs to
   * publish: a pulled alpine or someone else's image is not. Other
   * registries are asked, anonymously when there is no login. */
  hub = dh_server_is_docker_hub (server);
  if (hub && (!g_hash_table_contains (self->servers, server) ||
              !is_own_hub_repository (self, dh_reference_get_path (reference))))
    return NULL;

  full = dh_reference_to_string (reference);
  local_key = local_key_for (image, domain, dh_reference_get_path (reference));
  image_id = image_id_for (image);

  if (!(publication = g_hash_table_lookup (self->publications, full)))
    {
      publication = g_object_new (DH_TYPE_PUBLICATION, NULL);
      publication->name = g_strdup (full);
      publication->server = g_strdup (server);
      publication->host = g_strdup (hub ? DH_DOCKER_HUB_REGISTRY_HOST : domain);
      publication->repository = g_strdup (dh_reference_get_path (reference));
      publication->tag = g_strdup (dh_reference_get_tag (reference));
      publication->registry_name = hub ? g_strdup (_("Docker Hub")) : g_strdup (domain);
      publication->local_key = g_steal_pointer (&local_key);
      publication->image_id = g_steal_pointer (&image_id);
      g_hash_table_insert (self->publications, g_strdup (full), publication);

      dh_publication_tracker_enqueue (self, publication);
    }
  else if (g_strcmp0 (publication->local_key, local_key) != 0 ||
           g_strcmp0 (publication->image_id, image_id) != 0)
    {
      g_free (publication->local_key);
      publication->local_key = g_steal_pointer (&local_key);
      g_free (publication->image_id);
      publication->image_id = g_steal_pointer (&image_id);
      dh_publication_tracker_enqueue (self, publication);
    }

  return publication;
}

/* Follows every tag of the images model; forgets tags that are gone. */
static void
dh_publication_tracker_sync (DhPublicationTracker *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  guint n;

  if (self->images == NULL)
    return;

  g_hash_table_iter_init (&iter, self->publications);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((DhPublication *)value)->seen = FALSE;

  n = g_list_model_get_n_items (self->images);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhImage) image = g_list_model_get_item (self->images, i);
      const char * const *tags = dh_image_get_tags (image);

      for (guint j = 0; tags != NULL && tags[j] != NULL; j++)
        {
          DhPublication *publication = dh_publication_tracker_track (self, image, tags[j]);

          if (publication != NULL)
            publication->seen = TRUE;
        }
    }

  g_hash_table_iter_init (&iter, self->publications);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!((DhPublication *)value)->seen)
      g_ptr_array_add (gone, g_strdup (key));

  for (guint i = 0; i < gone->len; i++)
    {
      const char *name = g_ptr_array_index (gone, i);
      DhPublication *publication = g_hash_table_lookup (self->publications, name);
      gboolean was_known = publication->state != DH_PUBLICATION_UNKNOWN;

      g_hash_table_remove (self->publications, name);
      if (was_known)
        g_signal_emit (self, signals[PUBLICATION_CHANGED], 0, name);
    }
}

static void
images_changed_cb (DhPublicationTracker *self)
{
  dh_publication_tracker_sync (self);
}

static void
accounts_changed_cb (DhPublicationTracker *self)
{
  GListModel *accounts = dh_account_manager_get_accounts (self->accounts);
  g_autoptr(GHashTable) servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (accounts);
  GHashTableIter iter;
  gpointer key;
  gboolean same;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (accounts, i);

      g_hash_table_add (servers, g_strdup (dh_credential_get_server (account)));
    }

  same = g_hash_table_size (servers) == g_hash_table_size (self->servers);
  g_hash_table_iter_init (&iter, servers);
  while (same && g_hash_table_iter_next (&iter, &key, NULL))
    same = g_hash_table_contains (self->servers, key);

  /* The list is rebuilt on every refresh; only a real change matters. */
  if (same)
    return;

  g_clear_pointer (&self->servers, g_hash_table_unref);
  self->servers = g_steal_pointer (&servers);

  dh_publication_tracker_invalidate (self);
}

static void
hub_state_changed_cb (DhPublicationTracker *self)
{
  /* Which Hub namespaces are the user's is known once logged in. */
  dh_publication_tracker_sync (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
dh_publication_tracker_dispose (GObject *object)
{
  DhPublicationTracker *self = (DhPublicationTracker *)object;

  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->queue, g_object_unref);

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (dh_account_manager_get_accounts (self->accounts), self);
  if (self->images != NULL)
    g_signal_handlers_disconnect_by_data (self->images, self);

  g_clear_object (&self->accounts);
  g_clear_object (&self->hub_session);
  g_clear_object (&self->images);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->publications, g_hash_table_unref);
  g_clear_pointer (&self->servers, g_hash_table_unref);

  G_OBJECT_CLASS (dh_publication_tracker_parent_class)->dispose (object);
}

static void
dh_publication_tracker_class_init (DhPublicationTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_publication_tracker_dispose;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[PUBLICATION_CHANGED] =
    g_signal_new ("publication-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
dh_publication_tracker_init (DhPublicationTracker *self)
{
  self->servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->publications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->queue);
}

DhPublicationTracker *
dh_publication_tracker_new (DhAccountManager *accounts,
                            DhHubSession     *hub_session)
{
  DhPublicationTracker *self;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (accounts), NULL);
  g_return_val_if_fail (!hub_session || DH_IS_HUB_SESSION (hub_session), NULL);

  self = g_object_new (DH_TYPE_PUBLICATION_TRACKER, NULL);
  self->accounts = g_object_ref (accounts);
  g_set_object (&self->hub_session, hub_session);

  g_signal_connect_object (dh_account_manager_get_accounts (accounts), "items-changed",
                           G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
  accounts_changed_cb (self);

  if (hub_session != NULL)
    g_signal_connect_object (hub_session, "notify::state", G_CALLBACK (hub_state_changed_cb),
                             self, G_CONNECT_SWAPPED);

  return self;
}

void
dh_publication_tracker_set_images (DhPublicationTracker *self,
                                   GListModel           *images)
{
  g_return_if_fail (DH_IS_PUBLICATION_TRACKER (self));
  g_return_if_fail (!images || G_IS_LIST_MODEL (images));

  if (self->images == images)
    return;

  if (self->images != NULL)
    g_signal_handlers_disconnect_by_data (self->images, self);
  g_set_object (&self->images, images);

  if (images != NULL)
    {
      g_signal_connect_object (images, "items-changed", G_CALLBACK (images_changed_cb),
                               self, G_CONNECT_SWAPPED);
      dh_publication_tracker_sync (self);
    }
}

static char *
normalize (const char *reference)
{
  g_autoptr(DhReference) parsed = dh_reference_parse (reference, NULL);

  return parsed != NULL ? dh_reference_to_string (parsed) : NULL;
}

DhPublicationState
dh_publication_tracker_get_state (DhPublicationTracker *self,
                                  const char           *reference)
{
  g_autofree char *full = NULL;
  DhPublication *publication;

  g_return_val_if_fail (DH_IS_PUBLICATION_TRACKER (self), DH_PUBLICATION_UNKNOWN);
  g_return_val_if_fail (reference != NULL, DH_PUBLICATION_UNKNOWN);

  if (!(full = normalize (reference)) ||
      !(publication = g_hash_table_lookup (self->publications, full)))
    return DH_PUBLICATION_UNKNOWN;

  return publication->state;
}

DhPublication *
dh_publication_tracker_lookup (DhPublicationTracker *self,
                               DhImage              *image,
                               const char           *name)
{
  g_return_val_if_fail (DH_IS_PUBLICATION_TRACKER (self), NULL);
  g_return_val_if_fail (DH_IS_IMAGE (image), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return dh_publication_tracker_track (self, image, name);
}

/* After a sync, the table holds exactly the publishable tags of the
 * images (the ones dh_publication_tracker_lookup() answers for). */
gboolean
dh_publication_tracker_has_publications (DhPublicationTracker *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION_TRACKER (self), FALSE);

  return self->images != NULL && g_hash_table_size (self->publications) > 0;
}

void
dh_publication_tracker_recheck (DhPublicationTracker *self,
                                const char           *reference)
{
  g_autofree char *full = NULL;
  DhPublication *publication;

  g_return_if_fail (DH_IS_PUBLICATION_TRACKER (self));
  g_return_if_fail (reference != NULL);

  if ((full = normalize (reference)) &&
      (publication = g_hash_table_lookup (self->publications, full)))
    dh_publication_tracker_enqueue (self, publication);
}

void
dh_publication_tracker_invalidate (DhPublicationTracker *self)
{
  g_return_if_fail (DH_IS_PUBLICATION_TRACKER (self));

  /* Checks under way finish but their answers are dropped. */
  self->generation++;
  g_hash_table_remove_all (self->clients);
  g_queue_clear_full (&self->queue, g_object_unref);

  /* Tags that no longer apply (a Hub logout) go; the others are asked
   * again with the new logins. */
  g_hash_table_remove_all (self->publications);
  dh_publication_tracker_sync (self);

  g_signal_emit (self, signals[CHANGED], 0);
}

guint
dh_publication_tracker_get_n_requests (DhPublicationTracker *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION_TRACKER (self), 0);

  return self->n_requests;
}
