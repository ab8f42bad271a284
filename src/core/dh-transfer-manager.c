/* dh-transfer-manager.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-transfer-manager"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-account-manager.h"
#include "dh-error.h"
#include "dh-push-digest.h"
#include "dh-reference.h"
#include "dh-transfer-manager.h"

struct _DhTransferManager
{
  GObject            parent_instance;

  GListStore        *transfers;
  /* DhTransfer → Entry */
  GHashTable        *entries;
  DhEngine          *engine;
  DhCredentialStore *store;
  DhAccountManager  *accounts;
  guint              n_running;
};

typedef struct
{
  DhTransferManager *self;       /* weak: the manager outlives its work */
  DhTransfer        *transfer;
  DhEngine          *engine;
  GCancellable      *cancellable;
  char              *username;
} Entry;

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_N_RUNNING,
  N_PROPS
};

enum {
  TRANSFER_FINISHED,
  N_SIGNALS
};

static GType
dh_transfer_manager_get_item_type (GListModel *model)
{
  return DH_TYPE_TRANSFER;
}

static guint
dh_transfer_manager_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (DH_TRANSFER_MANAGER (model)->transfers));
}

static gpointer
dh_transfer_manager_get_item (GListModel *model,
                              guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (DH_TRANSFER_MANAGER (model)->transfers), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dh_transfer_manager_get_item_type;
  iface->get_n_items = dh_transfer_manager_get_n_items;
  iface->get_item = dh_transfer_manager_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DhTransferManager, dh_transfer_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->transfer);
  g_clear_object (&entry->engine);
  g_clear_object (&entry->cancellable);
  g_free (entry->username);
  g_free (entry);
}

static void
items_changed_cb (DhTransferManager *self,
                  guint              position,
                  guint              removed,
                  guint              added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
entry_finished (Entry *entry)
{
  DhTransferManager *self = entry->self;

  g_clear_object (&entry->cancellable);

  if (self == NULL)
    return;

  g_assert (self->n_running > 0);
  self->n_running--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);

  g_signal_emit (self, signals[TRANSFER_FINISHED], 0, entry->transfer);
}

typedef struct
{
  DhTransferManager *self;
  DhTransfer        *transfer;
  DhCredential      *credential;  /* the push's login, to ask the registry with */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->transfer);
  g_clear_object (&job->credential);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (DhTransferManager *self,
         DhTransfer        *transfer)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->transfer = g_object_ref (transfer);

  return job;
}

static void
push_digest_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  Entry *entry;

  /* The push succeeded either way; without an answer it just shows no
   * digest, as before. */
  if (!(digest = dh_push_digest_fetch_finish (result, &error)))
    g_debug ("No digest for %s from the registry: %s",
             dh_transfer_get_reference (job->transfer), error->message);

  if (job->self->entries != NULL &&
      (entry = g_hash_table_lookup (job->self->entries, job->transfer)) != NULL)
    entry_finished (entry);
}

static void
transfer_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DhEngine *engine = DH_ENGINE (object);
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  Entry *entry;
  gboolean ok;

  if (dh_transfer_get_kind (job->transfer) == DH_TRANSFER_KIND_PUSH)
    ok = dh_engine_push_finish (engine, result, &error);
  else
    ok = dh_engine_pull_finish (engine, result, &error);

  /* The engine ends the transfer itself; this only covers a failure
   * that never reached it (so the row never stays "running"). */
  if (!ok && !dh_transfer_is_finished (job->transfer))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dh_transfer_cancel_stream (job->transfer);
      else
        dh_transfer_fail (job->transfer, error);
    }
  else if (ok && !dh_transfer_is_finished (job->transfer))
    dh_transfer_finish_stream (job->transfer);

  /* Podman's libpod push names no digest: the registry does. */
  if (dh_push_digest_is_needed (job->transfer) && job->self->entries != NULL &&
      (entry = g_hash_table_lookup (job->self->entries, job->transfer)) != NULL)
    {
      Job *digest_job = g_steal_pointer (&job);

      dh_push_digest_fetch_async (digest_job->transfer, digest_job->credential, entry->cancellable,
                                  push_digest_cb, digest_job);
      return;
    }

  if (job->self->entries != NULL &&
      (entry = g_hash_table_lookup (job->self->entries, job->transfer)) != NULL)
    entry_finished (entry);
}

static void lookup_done (Job          *job,
                         DhCredential *credential,
                         GError       *error);

static void
store_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_credential_store_lookup_finish (DH_CREDENTIAL_STORE (object), result, &error);
  lookup_done (user_data, credential, error);
}

static void
account_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_account_manager_lookup_finish (DH_ACCOUNT_MANAGER (object), result, &error);
  lookup_done (user_data, credential, error);
}

/* Takes ownership of @user_job; borrows @credential and @error. */
static void
lookup_done (Job          *user_job,
             DhCredential *credential,
             GError       *error)
{
  g_autoptr(Job) job = user_job;
  DhTransfer *transfer = job->transfer;
  Entry *entry = NULL;

  if (job->self->entries != NULL)
    entry = g_hash_table_lookup (job->self->entries, transfer);
  if (entry == NULL)
    {
      dh_transfer_cancel_stream (transfer);
      return;
    }

  if (g_cancellable_is_cancelled (entry->cancellable))
    {
      dh_transfer_cancel_stream (transfer);
      entry_finished (entry);
      return;
    }

  /* A keyring that would not open fails the transfer: going on
   * anonymously would hide that the saved login was not used. */
  if (error != NULL)
    {
      dh_transfer_fail (transfer, error);
      entry_finished (entry);
      return;
    }

  if (credential != NULL && !dh_credential_is_identity_token (credential))
    entry->username = g_strdup (dh_credential_get_username (credential));

  if (dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PUSH)
    {
      g_set_object (&job->credential, credential);
      dh_engine_push_async (entry->engine, transfer, credential, entry->cancellable,
                            transfer_done_cb, g_steal_pointer (&job));
    }
  else
    dh_engine_pull_async (entry->engine, transfer, credential, entry->cancellable,
                          transfer_done_cb, g_steal_pointer (&job));
}

static void
dh_transfer_manager_dispose (GObject *object)
{
  DhTransferManager *self = (DhTransferManager *)object;
  GHashTableIter iter;
  gpointer value;

  /* Work still running ends when its connection closes. */
  if (self->entries != NULL)
    {
      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Entry *entry = value;

          entry->self = NULL;
          g_cancellable_cancel (entry->cancellable);
        }
    }

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->transfers);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (dh_transfer_manager_parent_class)->dispose (object);
}

static void
dh_transfer_manager_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DhTransferManager *self = DH_TRANSFER_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_N_RUNNING:
      g_value_set_uint (value, self->n_running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_transfer_manager_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DhTransferManager *self = DH_TRANSFER_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      dh_transfer_manager_set_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_transfer_manager_class_init (DhTransferManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_transfer_manager_dispose;
  object_class->get_property = dh_transfer_manager_get_property;
  object_class->set_property = dh_transfer_manager_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         DH_TYPE_ENGINE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TRANSFER_FINISHED] =
    g_signal_new ("transfer-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DH_TYPE_TRANSFER);
}

static void
dh_transfer_manager_init (DhTransferManager *self)
{
  self->transfers = g_list_store_new (DH_TYPE_TRANSFER);
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)entry_free);

  g_signal_connect_object (self->transfers, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
}

DhTransferManager *
dh_transfer_manager_new (DhAccountManager *accounts)
{
  DhTransferManager *self;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (accounts), NULL);

  self = g_object_new (DH_TYPE_TRANSFER_MANAGER, NULL);
  self->accounts = g_object_ref (accounts);

  return self;
}

DhEngine *
dh_transfer_manager_get_engine (DhTransferManager *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_MANAGER (self), NULL);

  return self->engine;
}

void
dh_transfer_manager_set_engine (DhTransferManager *self,
                                DhEngine          *engine)
{
  g_return_if_fail (DH_IS_TRANSFER_MANAGER (self));
  g_return_if_fail (!engine || DH_IS_ENGINE (engine));

  if (g_set_object (&self->engine, engine))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/* The store set with dh_transfer_manager_set_credential_store() (tests),
 * else the account manager's. */
DhCredentialStore *
dh_transfer_manager_get_credential_store (DhTransferManager *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_MANAGER (self), NULL);

  if (self->store != NULL)
    return self->store;

  return dh_account_manager_get_store (self->accounts);
}

void
dh_transfer_manager_set_credential_store (DhTransferManager *self,
                                          DhCredentialStore *store)
{
  g_return_if_fail (DH_IS_TRANSFER_MANAGER (self));
  g_return_if_fail (!store || DH_IS_CREDENTIAL_STORE (store));

  g_set_object (&self->store, store);
}

guint
dh_transfer_manager_get_n_running (DhTransferManager *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_MANAGER (self), 0);

  return self->n_running;
}

DhTransfer *
dh_transfer_manager_start (DhTransferManager *self,
                           DhTransferKind     kind,
                           const char        *reference)
{
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(DhReference) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  Entry *entry;

  g_return_val_if_fail (DH_IS_TRANSFER_MANAGER (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  transfer = dh_transfer_new (kind, reference);

  entry = g_new0 (Entry, 1);
  entry->self = self;
  entry->transfer = g_object_ref (transfer);
  g_hash_table_insert (self->entries, transfer, entry);
  g_list_store_insert (self->transfers, 0, transfer);

  if (self->engine == NULL)
    {
      g_autoptr(GError) no_engine = NULL;

      no_engine = g_error_new_literal (DH_ERROR, DH_ERROR_NO_ENGINE,
                                       _("No container engine is connected, so nothing can be "
                                         "pushed or pulled."));
      dh_transfer_fail (transfer, no_engine);
      g_signal_emit (self, signals[TRANSFER_FINISHED], 0, transfer);
      return transfer;
    }

  if (!(parsed = dh_reference_parse (reference, &error)))
    {
      dh_transfer_fail (transfer, error);
      g_signal_emit (self, signals[TRANSFER_FINISHED], 0, transfer);
      return transfer;
    }

  entry->engine = g_object_ref (self->engine);
  entry->cancellable = g_cancellable_new ();
  self->n_running++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);

  server = dh_server_key_for_domain (dh_reference_get_domain (parsed));
  /* The account manager knows the logins the user did not want
   * remembered as well as the stored ones. */
  if (self->store != NULL)
    dh_credential_store_lookup_async (self->store, server, entry->cancellable,
                                      store_lookup_cb, job_new (self, transfer));
  else
    dh_account_manager_lookup_async (self->accounts, server,
                                     entry->cancellable,
                                     account_lookup_cb, job_new (self, transfer));

  return transfer;
}

void
dh_transfer_manager_cancel (DhTransferManager *self,
                            DhTransfer        *transfer)
{
  Entry *entry;

  g_return_if_fail (DH_IS_TRANSFER_MANAGER (self));
  g_return_if_fail (DH_IS_TRANSFER (transfer));

  entry = g_hash_table_lookup (self->entries, transfer);
  if (entry != NULL && entry->cancellable != NULL)
    g_cancellable_cancel (entry->cancellable);
}

DhTransfer *
dh_transfer_manager_retry (DhTransferManager *self,
                           DhTransfer        *transfer)
{
  g_return_val_if_fail (DH_IS_TRANSFER_MANAGER (self), NULL);
  g_return_val_if_fail (DH_IS_TRANSFER (transfer), NULL);

  return dh_transfer_manager_start (self,
                                    dh_transfer_get_kind (transfer),
                                    dh_transfer_get_reference (transfer));
}

const char *
dh_transfer_manager_get_username (DhTransferManager *self,
                                  DhTransfer        *transfer)
{
  Entry *entry;

  g_return_val_if_fail (DH_IS_TRANSFER_MANAGER (self), NULL);
  g_return_val_if_fail (DH_IS_TRANSFER (transfer), NULL);

  entry = g_hash_table_lookup (self->entries, transfer);

  return entry != NULL ? entry->username : NULL;
}
