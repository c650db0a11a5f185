package org.vdi.broker.application.metrics;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.vdi.broker.config.MetricsConfig;

/**
 * The gauges read from the database: {@code vdi_desktops{pool,state}} and
 * {@code vdi_monitor_lease{pool,owner}} (1 while that node holds the pool's
 * monitor lease). One snapshot ({@link FleetReads}: two grouped queries and the
 * pool names) serves every gauge for {@code vdi.metrics.fleet-cache-seconds}, so a
 * scrape costs at most one round of reads however many pools there are.
 *
 * <p>Pools and lease owners come and go, so the series do too: {@link #beforeScrape}
 * registers the series the current snapshot calls for and removes those it no
 * longer does (a deleted pool, a lease that moved to another node).
 */
@ApplicationScoped
public class FleetGauges {

    private static final Logger LOG = Logger.getLogger(FleetGauges.class.getName());

    private static final Metadata DESKTOPS = Metadata.builder().withName(FleetSeries.DESKTOPS)
            .withDescription("Desktops by pool and state, as the database records them").build();
    private static final Metadata LEASE = Metadata.builder().withName(FleetSeries.LEASE)
            .withDescription("1 for the broker node that holds the pool's monitor lease").build();

    @Inject
    MetricRegistry registry;

    @Inject
    FleetReads reads;

    @Inject
    MetricsConfig config;

    private Cached<FleetSnapshot> snapshot;
    // NOTE: guarded by this; the registry itself is thread-safe, this set only remembers what we added
    private final Set<FleetSeries> registered = new HashSet<>();

    @PostConstruct
    void init() {
        snapshot = new Cached<>(this::read, TimeUnit.SECONDS.toNanos(config.fleetCacheSeconds()),
                FleetSnapshot.EMPTY, System::nanoTime);
    }

    private FleetSnapshot read() {
        return FleetSnapshot.of(reads.desktopsByPoolAndState(), reads.poolNames(), reads.leaseOwners());
    }

    /**
     * Brings the set of series up to date with the (cached) snapshot. Called before
     * each scrape, so a new pool's series appear in the first scrape after it exists.
     * Never throws.
     */
    public synchronized void beforeScrape() {
        try {
            Set<FleetSeries> wanted = FleetSeries.wanted(snapshot.get());
            for (FleetSeries s : Set.copyOf(registered)) {
                if (!wanted.contains(s)) {
                    registry.remove(id(s));
                    registered.remove(s);
                }
            }
            for (FleetSeries s : wanted) {
                if (registered.add(s)) {
                    registry.gauge(s.name().equals(FleetSeries.LEASE) ? LEASE : DESKTOPS,
                            () -> s.value(snapshot.get()), tags(s));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot update the fleet gauges: {0}", e.toString());
        }
    }

    private static MetricID id(FleetSeries s) {
        return new MetricID(s.name(), tags(s));
    }

    private static Tag[] tags(FleetSeries s) {
        return new Tag[] {new Tag("pool", s.pool()), new Tag(s.tagName(), s.tagValue())};
    }
}
