package org.vdi.portal.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.DesktopService;
import org.vdi.broker.application.AssignmentService;
import org.vdi.broker.application.Caller;
import org.vdi.broker.application.PoolService;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.portal.rest.Dtos.AssignmentDto;
import org.vdi.portal.rest.Dtos.AssignmentRequest;
import org.vdi.portal.rest.Dtos.DesktopDto;
import org.vdi.portal.rest.Dtos.PoolDto;
import org.vdi.portal.rest.Dtos.PoolRequest;
import org.vdi.portal.security.CurrentCaller;

/** Pools: admins manage them; users see the ones entitled to them and ask them for desktops. */
@Path("/pools")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoolsResource {

    @EJB
    PoolService pools;

    @EJB
    DesktopService desktops;

    @EJB
    AssignmentService assignments;

    @Inject
    CurrentCaller current;

    @GET
    @RolesAllowed({"vdi-user", "vdi-admin"})
    public List<?> list() {
        Caller caller = current.caller();
        List<Pool> visible = pools.visibleTo(caller);
        if (caller.admin()) {
            return visible.stream().map(p -> PoolDto.of(p, pools.counts(p.id()))).toList();
        }
        return visible.stream().map(PoolDto::forUser).toList();
    }

    @POST
    @RolesAllowed("vdi-admin")
    public Response create(PoolRequest r) {
        require(r);
        Pool p = pools.create(r.toSettings(), r.imageId(), current.caller());
        return Response.created(URI.create("pools/" + p.id())).entity(PoolDto.of(p, null)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed("vdi-admin")
    public PoolDto get(@PathParam("id") UUID id) {
        return PoolDto.of(pools.get(id), pools.counts(id));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed("vdi-admin")
    public PoolDto update(@PathParam("id") UUID id, PoolRequest r) {
        require(r);
        return PoolDto.of(pools.update(id, r.toSettings(), r.imageId(), current.caller()), null);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("vdi-admin")
    public Response delete(@PathParam("id") UUID id, @QueryParam("force") @DefaultValue("false") boolean force) {
        pools.delete(id, force, current.caller());
        return Response.accepted().build();
    }

    @GET
    @Path("{id}/desktops")
    @RolesAllowed("vdi-admin")
    public List<DesktopDto> desktops(@PathParam("id") UUID id) {
        return DesktopDto.of(pools.desktops(id), desktops);
    }

    /** "Connect": the caller's desktop from this pool. */
    @POST
    @Path("{id}/assignments")
    @RolesAllowed({"vdi-user", "vdi-admin"})
    public Response assign(@PathParam("id") UUID id, AssignmentRequest r) {
        boolean additional = r != null && Boolean.TRUE.equals(r.additional());
        AssignmentDto a = AssignmentDto.of(assignments.assign(id, current.caller(), additional));
        return Response.ok(a).build();
    }

    private static void require(PoolRequest r) {
        if (r == null) {
            throw BrokerException.invalid("a JSON body with name and imageId is required");
        }
        if (r.imageId() == null) {
            throw BrokerException.invalid("imageId", "choose the golden image (imageId) of the pool");
        }
    }
}
