package org.vdi.broker.infrastructure.persistence;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.console.ConsoleTicket;
import org.vdi.broker.domain.model.console.ConsoleTicketRepository;

@ApplicationScoped
public class JpaConsoleTicketRepository implements ConsoleTicketRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<ConsoleTicket> find(UUID id) {
        return Optional.ofNullable(em.find(ConsoleTicket.class, id));
    }

    @Override
    public void add(ConsoleTicket ticket) {
        em.persist(ticket);
    }

    // NOTE: one statement decides, with the database's clock: of two concurrent
    // redemptions the second waits for the first's row lock, then sees
    // redeemed_at set and updates nothing. Native SQL so nothing is read first.
    @Override
    public boolean redeem(UUID id) {
        int n = em.createNativeQuery("""
                update console_ticket set redeemed_at = now()
                 where id = ?1 and redeemed_at is null and expires_at > now()
                """).setParameter(1, id).executeUpdate();
        return n == 1;
    }

    @Override
    public int burnAll(String user, String loginSession) {
        if (loginSession != null) {
            return em.createNativeQuery("update console_ticket set redeemed_at = now()"
                    + " where login_session = ?1 and redeemed_at is null").setParameter(1, loginSession)
                    .executeUpdate();
        }
        return em.createNativeQuery("update console_ticket set redeemed_at = now()"
                + " where user_name = ?1 and redeemed_at is null").setParameter(1, user).executeUpdate();
    }

    @Override
    public int purgeExpiredBefore(Instant before) {
        return em.createQuery("delete from ConsoleTicket t where t.expiresAt < :before")
                .setParameter("before", before).executeUpdate();
    }
}
