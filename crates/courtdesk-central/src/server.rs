//! Starting the server: open the store, load or make the certificate, and
//! serve the router over TLS until the shutdown signal.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::blobs::BlobShelf;
use crate::delivery::{ApiClients, Deliveries, DeliveryError};
use crate::identity::{Identity, IdentityKeyError, Parties, StaffAccounts};
use crate::rate::RateLimiter;
use crate::registry::Registry;
use crate::routes::router;
use crate::settings::Settings;
use crate::site::SiteConfigs;
use crate::state::Central;
use crate::store::{self, CentralStore, StoreError};
use crate::tls::{ServerIdentity, TlsError, TlsListener, load_identity};

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("cannot open the database")]
    Store(#[from] StoreError),
    #[error("cannot set up TLS")]
    Tls(#[from] TlsError),
    #[error("cannot set up the identity key")]
    Identity(#[from] IdentityKeyError),
    #[error("cannot set up deliveries (the court key)")]
    Delivery(#[from] DeliveryError),
    #[error("cannot set up site configuration (the court key)")]
    Site(#[from] crate::site::SiteError),
    #[error("the listener failed")]
    Io(#[from] io::Error),
    #[error("the server task ended abnormally")]
    Task(#[from] tokio::task::JoinError),
}

/// A running server.
#[derive(Debug)]
pub struct Running {
    local_addr: SocketAddr,
    identity: ServerIdentity,
    registry: Registry,
    parties: Parties,
    staff_accounts: StaffAccounts,
    deliveries: Deliveries,
    site_configs: SiteConfigs,
    api_clients: ApiClients,
    metrics_addr: Option<SocketAddr>,
    task: JoinHandle<io::Result<()>>,
    metrics_task: Option<JoinHandle<io::Result<()>>>,
}

impl Running {
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// SHA-256 of the DER certificate, lowercase hex.
    pub fn fingerprint(&self) -> &str {
        &self.identity.fingerprint
    }

    /// The certificate, PEM, for clients that add it as their only root.
    pub fn cert_pem(&self) -> &str {
        &self.identity.cert_pem
    }

    /// Where the operator listener (metrics and probes, plain HTTP) is
    /// bound, when the settings asked for one.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
    }

    /// The administration of this server's store.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The parties on file of this server's store.
    pub fn parties(&self) -> &Parties {
        &self.parties
    }

    /// The staff accounts of this server's store.
    pub fn staff_accounts(&self) -> &StaffAccounts {
        &self.staff_accounts
    }

    /// The deliveries of this server's store.
    pub fn deliveries(&self) -> &Deliveries {
        &self.deliveries
    }

    /// The site configurations of this server's store.
    pub fn site_configs(&self) -> &SiteConfigs {
        &self.site_configs
    }

    /// The API clients of this server's store.
    pub fn api_clients(&self) -> &ApiClients {
        &self.api_clients
    }

    /// Waits until the server has shut down and its connections have closed.
    pub async fn finished(self) -> Result<(), LaunchError> {
        let served = self.task.await?;
        if let Some(metrics) = self.metrics_task {
            metrics.await??;
        }
        Ok(served?)
    }
}

/// Serves CourtDesk's API over HTTPS on `listener` until `shutdown`
/// completes, then lets open requests finish.
pub async fn launch(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<Running, LaunchError> {
    let database = settings.database();
    let store = tokio::task::spawn_blocking(move || store::open(&database)).await??;
    launch_with_store(settings, store, listener, shutdown).await
}

/// [`launch`] on a store the caller opened: how another storage
/// implementation is served and run by the same tests.
pub async fn launch_with_store(
    settings: Settings,
    store: Arc<dyn CentralStore>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<Running, LaunchError> {
    let tls = settings.clone();
    let identity = tokio::task::spawn_blocking(move || load_identity(&tls)).await??;
    let (keyed, keyed_store) = (settings.clone(), Arc::clone(&store));
    let keys = tokio::task::spawn_blocking(move || {
        crate::identity::open_keys(&keyed, keyed_store.as_ref())
    })
    .await??;
    let (delivery_settings, delivery_store, delivery_keys) =
        (settings.clone(), Arc::clone(&store), Arc::clone(&keys));
    let deliveries = tokio::task::spawn_blocking(move || {
        Deliveries::new(&delivery_settings, delivery_store, delivery_keys)
    })
    .await??;
    let (site_settings, site_store) = (settings.clone(), Arc::clone(&store));
    let site_configs =
        tokio::task::spawn_blocking(move || SiteConfigs::new(&site_settings, site_store)).await??;
    let local_addr = listener.local_addr()?;
    let listener = TlsListener::new(listener, Arc::clone(&identity.config))?;
    let central = Arc::new(Central::new(
        Arc::clone(&store),
        RateLimiter::new(settings.rate_limit),
        settings.enroll_rate_limit,
        BlobShelf::new(&settings.data_dir),
        settings.lease_block,
        Identity::new(&settings, Arc::clone(&keys)),
        deliveries.clone(),
        site_configs.clone(),
    ));
    let closing = central.closing.clone();
    let shutdown = async move {
        shutdown.await;
        closing.send_replace(true);
    };
    let ended = central.closing.clone();
    let (metrics_addr, metrics_task) = match settings.metrics_listen {
        Some(address) => {
            let (bound, task) = serve_operator(Arc::clone(&central), address).await?;
            (Some(bound), Some(task))
        }
        None => (None, None),
    };
    let app = router(
        Arc::clone(&central),
        settings.body_limit,
        settings.delivery_limits.body_limit(),
    )
    .merge(crate::health::probes(Arc::clone(&central)))
    .layer(axum::middleware::from_fn_with_state(
        central,
        crate::metrics::track,
    ));
    let task = tokio::spawn(async move {
        let served = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<crate::peer::Peer>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        // A listener that failed also ends the operator listener.
        ended.send_replace(true);
        served
    });
    tracing::info!(%local_addr, fingerprint = %identity.fingerprint, "serving");
    Ok(Running {
        local_addr,
        identity,
        registry: Registry::with_store(Arc::clone(&store)),
        parties: Parties::new(Arc::clone(&store), keys, settings.identity.clock.clone()),
        deliveries,
        site_configs,
        api_clients: ApiClients::new(Arc::clone(&store)),
        metrics_addr,
        metrics_task,
        staff_accounts: StaffAccounts::new(
            store,
            settings.identity.password_cost,
            settings.identity.clock.clone(),
        ),
        task,
    })
}

/// Serves the operator's plain-HTTP listener (metrics and probes) until the
/// server begins to close.
async fn serve_operator(
    central: Arc<Central>,
    address: SocketAddr,
) -> Result<(SocketAddr, JoinHandle<io::Result<()>>), LaunchError> {
    let listener = TcpListener::bind(address).await?;
    let bound = listener.local_addr()?;
    if !bound.ip().is_loopback() {
        tracing::warn!(%bound, "metrics are served without authentication beyond loopback: keep this address off the hall's network");
    }
    let mut closing = central.closing.subscribe();
    let app = crate::health::operator(central);
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _closed = closing.wait_for(|closing| *closing).await;
            })
            .await
    });
    tracing::info!(%bound, "serving metrics and probes over plain HTTP");
    Ok((bound, task))
}

/// A server on a free port of 127.0.0.1, for tests, benchmarks and trials on
/// one machine. It runs until the returned sender fires or is dropped.
pub async fn launch_on_loopback(
    settings: Settings,
) -> Result<(Running, tokio::sync::oneshot::Sender<()>), LaunchError> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = launch(settings, listener, async move {
        let _ = stopped.await;
    })
    .await?;
    Ok((running, stop))
}
