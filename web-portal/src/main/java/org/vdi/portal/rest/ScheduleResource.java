package org.vdi.portal.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.vdi.broker.application.ScheduleService;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.portal.rest.ScheduleDtos.ScheduleDto;
import org.vdi.portal.rest.ScheduleDtos.ScheduleRequest;
import org.vdi.portal.security.CurrentCaller;

/**
 * A pool's capacity schedule (admin): {@code GET} shows the rules with the
 * target now, the next change and a 24-hour strip; {@code PUT} replaces the
 * whole list of rules at once.
 */
@Path("/pools/{id}/schedule")
@RequestScoped
@RolesAllowed("vdi-admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    @EJB
    ScheduleService schedules;

    @Inject
    CurrentCaller current;

    @GET
    public ScheduleDto get(@PathParam("id") UUID id) {
        return ScheduleDto.of(schedules.view(id));
    }

    @PUT
    public ScheduleDto replace(@PathParam("id") UUID id, ScheduleRequest r) {
        if (r == null) {
            throw BrokerException.invalid("rules", "a JSON body {\"rules\": [...]} is required");
        }
        return ScheduleDto.of(schedules.replace(id, r.toRules(), current.caller()));
    }
}
