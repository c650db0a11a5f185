package org.vdi.portal.logging;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Puts {@link JsonLogFormatter} on the handlers of the JVM's root logger when
 * {@code vdi.log.format} is {@code json}, so every line of the node (Payara's
 * and the application's) is JSON from the deployment on; what Payara logs while
 * it boots, before this, stays in its own format. A bad value fails the
 * deployment with the setting's name rather than logging in a format nobody
 * asked for. Undeploying puts the previous formatters back, so the server
 * holds no class of this application afterwards.
 */
@WebListener
public class LogFormatInstaller implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(LogFormatInstaller.class.getName());

    private final Map<Handler, Formatter> previous = new IdentityHashMap<>();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        LogFormat format = LogFormat.parse(ConfigProvider.getConfig()
                .getOptionalValue(LogFormat.PROPERTY, String.class).orElse(null));
        if (format != LogFormat.JSON) {
            return;
        }
        JsonLogFormatter json = new JsonLogFormatter();
        for (Handler h : Logger.getLogger("").getHandlers()) {
            previous.put(h, h.getFormatter());
            h.setFormatter(json);
        }
        LOG.log(Level.INFO, "Logging one JSON line per event ({0} handlers)", previous.size());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        previous.forEach(Handler::setFormatter);
        previous.clear();
    }
}
