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

import org.vdi.broker.application.ImageService;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.portal.rest.Dtos.ImageDto;
import org.vdi.portal.rest.Dtos.ImageRequest;
import org.vdi.portal.rest.Dtos.ImageVersionRequest;
import org.vdi.portal.security.CurrentCaller;

/** Golden images and their versions (admin). */
@Path("/images")
@RequestScoped
@RolesAllowed("vdi-admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ImagesResource {

    @EJB
    ImageService images;

    @Inject
    CurrentCaller caller;

    @GET
    public List<ImageDto> list() {
        return images.list().stream().map(ImageDto::of).toList();
    }

    @GET
    @Path("{id}")
    public ImageDto get(@PathParam("id") UUID id) {
        return ImageDto.of(images.get(id));
    }

    @POST
    public Response register(ImageRequest r) {
        if (r == null || r.hostId() == null || r.volume() == null || r.name() == null) {
            throw BrokerException.invalid("name, hostId and volume are required");
        }
        ImageDto i = ImageDto.of(images.register(r.name(), r.description(), r.hostId(), r.volume(),
                caller.caller()));
        return Response.created(URI.create("images/" + i.id())).entity(i).build();
    }

    @POST
    @Path("{id}/versions")
    public ImageDto addVersion(@PathParam("id") UUID id, ImageVersionRequest r) {
        if (r == null || r.hostId() == null || r.volume() == null) {
            throw BrokerException.invalid("hostId and volume are required");
        }
        return ImageDto.of(images.addVersion(id, r.hostId(), r.volume(), caller.caller()));
    }
}
