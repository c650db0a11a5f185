package org.vdi.portal.metrics;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.vdi.broker.application.metrics.FleetGauges;

/**
 * Before Payara's metrics servlet writes a scrape: the gauges read from the
 * database get their series for the pools and lease owners there are now, so a
 * new pool shows in the first scrape after it exists. Runs only for requests the
 * container let through (web.xml's constraint on /metrics), so strangers cause
 * no database read.
 */
@WebFilter(filterName = "ScrapeFilter", urlPatterns = "/metrics/*")
public class ScrapeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient FleetGauges fleet;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        fleet.beforeScrape();
        chain.doFilter(request, response);
    }
}
