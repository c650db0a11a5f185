package org.vdi.portal.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API root. A CDI bean, as MicroProfile JWT requires of it. */
@ApplicationPath("/api/v1")
@ApplicationScoped
public class ApiApplication extends Application {
}
