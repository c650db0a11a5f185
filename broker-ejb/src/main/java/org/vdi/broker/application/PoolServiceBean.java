package org.vdi.broker.application;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.assignment.AssignmentRepository;
import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.image.GoldenImage;
import org.vdi.broker.domain.model.image.ImageRepository;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolRepository;
import org.vdi.broker.domain.model.pool.PoolSettings;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

@Stateless
public class PoolServiceBean implements PoolService {

    @Inject
    PoolRepository pools;

    @Inject
    ImageRepository images;

    @Inject
    DesktopRepository desktops;

    @Inject
    AssignmentRepository assignments;

    @Inject
    AuditTrail audit;

    @Override
    public Pool create(PoolSettings settings, UUID imageId, Caller caller) {
        if (pools.findByName(settings.name()).isPresent()) {
            throw BrokerException.about("name", ErrorCode.CONFLICT,
                    "a pool named " + settings.name() + " already exists");
        }
        Pool pool = new Pool(settings, image(imageId));
        pools.add(pool);
        audit.record(caller.name(), "pool.create", "pool", pool.id().toString(), Outcome.SUCCESS, settings.name());
        return pool;
    }

    @Override
    public Pool update(UUID poolId, PoolSettings settings, UUID imageId, Caller caller) {
        Pool pool = pools.lock(poolId).orElseThrow(() -> BrokerException.notFound("pool", poolId));
        pools.findByName(settings.name()).filter(other -> !other.id().equals(poolId)).ifPresent(other -> {
            throw BrokerException.about("name", ErrorCode.CONFLICT,
                    "a pool named " + settings.name() + " already exists");
        });
        if (!pool.settings().namingPattern().equals(settings.namingPattern())
                && !desktops.findByPool(poolId).isEmpty()) {
            throw BrokerException.about("namingPattern", ErrorCode.INVALID_STATE,
                    "the naming pattern cannot change while the pool has desktops");
        }
        pool.apply(settings, image(imageId));
        audit.record(caller.name(), "pool.update", "pool", poolId.toString(), Outcome.SUCCESS, settings.name());
        return pool;
    }

    private GoldenImage image(UUID imageId) {
        return images.find(imageId).orElseThrow(() -> BrokerException.invalid("imageId", "image " + imageId + " does not exist"));
    }

    @Override
    public void delete(UUID poolId, boolean force, Caller caller) {
        Pool pool = pools.lock(poolId).orElseThrow(() -> BrokerException.notFound("pool", poolId));
        int held = assignments.findActiveByPool(poolId).size();
        if (held > 0 && !force) {
            throw new BrokerException(ErrorCode.INVALID_STATE, "pool " + pool.name() + " has " + held
                    + " assigned desktops; release them first or delete with force=true");
        }
        pool.disable();
        audit.record(caller.name(), "pool.delete", "pool", poolId.toString(), Outcome.SUCCESS,
                pool.name() + (force ? " (forced)" : ""));
    }

    @Override
    public List<Pool> visibleTo(Caller caller) {
        return pools.findAll().stream()
                .filter(p -> caller.admin() || (p.enabled() && p.entitles(caller.groups(), caller.roles())))
                .toList();
    }

    @Override
    public Pool get(UUID poolId) {
        return pools.find(poolId).orElseThrow(() -> BrokerException.notFound("pool", poolId));
    }

    @Override
    public List<Desktop> desktops(UUID poolId) {
        get(poolId);
        return desktops.findByPool(poolId);
    }

    @Override
    public Map<DesktopState, Long> counts(UUID poolId) {
        return desktops.countByState(poolId);
    }
}
