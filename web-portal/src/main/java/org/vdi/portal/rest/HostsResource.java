package org.vdi.portal.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.HostRegistration;
import org.vdi.broker.application.HostService;
import org.vdi.broker.application.ImageService;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.portal.rest.Dtos.HostDto;
import org.vdi.portal.rest.Dtos.VolumeDto;
import org.vdi.portal.security.CurrentCaller;

/** KVM hosts (admin). */
@Path("/hosts")
@RequestScoped
@RolesAllowed("vdi-admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HostsResource {

    @EJB
    HostService hosts;

    @EJB
    ImageService images;

    @Inject
    CurrentCaller caller;

    @GET
    public List<HostDto> list() {
        return hosts.list().stream().map(HostDto::of).toList();
    }

    @POST
    public Response register(HostRegistration registration) {
        if (registration == null) {
            throw BrokerException.invalid("a JSON body {name, libvirtUri, storagePool, ...} is required");
        }
        HostDto h = HostDto.of(hosts.register(registration, caller.caller().name()));
        return Response.created(URI.create("hosts/" + h.id())).entity(h).build();
    }

    @GET
    @Path("{id}")
    public HostDto get(@PathParam("id") UUID id) {
        return HostDto.of(hosts.get(id));
    }

    /** Contacts the host now ("test connection"). */
    @POST
    @Path("{id}/probe")
    public HostDto probe(@PathParam("id") UUID id) {
        hosts.probe(id);
        return HostDto.of(hosts.get(id));
    }

    @GET
    @Path("{id}/volumes")
    public List<VolumeDto> volumes(@PathParam("id") UUID id) {
        return images.volumes(id).stream().map(VolumeDto::of).toList();
    }
}
