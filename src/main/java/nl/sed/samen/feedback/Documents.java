package nl.sed.samen.feedback;

import com.openhtmltopdf.extend.FSCacheEx;
import com.openhtmltopdf.extend.FSCacheValue;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer.SvgExternalResourceMode;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer.SvgScriptMode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Renders the participation report and the impact meter as tagged, accessible PDFs (PDF/UA-1, Dutch): a Qute template
 * gives XHTML, openhtmltopdf lays it out on PDFBox with the embedded Liberation Sans, and Batik draws the SVG charts as
 * vectors. Nothing outside the document is ever loaded (no URLs, no scripts). At most
 * {@code samen.documents.max-concurrent-renders} documents are laid out at once per instance, so memory stays bounded
 * however many officials ask; a request that cannot start within {@code samen.documents.queue-timeout} gets a 503.
 */
@ApplicationScoped
public class Documents {

    public static final String PDF = "application/pdf";
    private static final Logger LOG = Logger.getLogger(Documents.class);
    private static final String FAMILY = "Liberation Sans";

    private final Template participationReport;
    private final Template impactMeter;
    private final Semaphore renders;
    private final Duration queueTimeout;
    private final byte[] regular = font("LiberationSans-Regular.ttf");
    private final byte[] bold = font("LiberationSans-Bold.ttf");
    /** The fonts' metrics, kept across documents so each render does not measure them again. */
    private final FSCacheEx<String, FSCacheValue> fontMetrics = new MetricsCache();

    public Documents(@Location("documents/participation-report.html") Template participationReport,
            @Location("documents/impact-meter.html") Template impactMeter,
            @ConfigProperty(name = "samen.documents.max-concurrent-renders", defaultValue = "2") int maxConcurrent,
            @ConfigProperty(name = "samen.documents.queue-timeout", defaultValue = "20S") Duration queueTimeout) {
        this.participationReport = participationReport;
        this.impactMeter = impactMeter;
        this.renders = new Semaphore(Math.max(1, maxConcurrent), true);
        this.queueTimeout = queueTimeout;
        registerWithAwt();
    }

    public byte[] participationReport(ParticipationReport report) {
        return render(participationReport.data("doc", ReportDocument.from(report)).render());
    }

    public byte[] impactMeter(ImpactMeter meter) {
        return render(impactMeter.data("doc", ImpactDocument.from(meter)).render());
    }

    /** The XHTML laid out as PDF/UA-1. Package-private for the tests of the template's output. */
    byte[] render(String xhtml) {
        boolean acquired;
        try {
            acquired = renders.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "This instance is busy laying out other documents; "
                    + "try again shortly.", null, Map.of("Retry-After", "10"));
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024)) {
            PdfRendererBuilder builder = new PdfRendererBuilder()
                    .useFastMode()
                    .usePdfUaAccessibility(true)
                    .withProducer("Samen")
                    .useCacheStore(PdfRendererBuilder.CacheStore.PDF_FONT_METRICS, fontMetrics)
                    .useSVGDrawer(new BatikSVGDrawer(SvgScriptMode.SECURE,
                            SvgExternalResourceMode.SECURE))
                    .useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI)
                    .useFont(() -> new ByteArrayInputStream(regular), FAMILY, 400, FontStyle.NORMAL, true)
                    .useFont(() -> new ByteArrayInputStream(bold), FAMILY, 700, FontStyle.NORMAL, true)
                    .withHtmlContent(xhtml, null)
                    .toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            renders.release();
        }
    }

    /**
     * Batik draws the charts' text with Java2D, which looks fonts up by family name: registering the embedded font
     * makes the charts look the same on every machine, with or without system fonts.
     */
    private void registerWithAwt() {
        try {
            GraphicsEnvironment env = GraphicsEnvironment.getLocalGraphicsEnvironment();
            env.registerFont(Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(regular)));
            env.registerFont(Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bold)));
        } catch (FontFormatException | IOException | RuntimeException | Error e) {
            LOG.warnf("Could not register %s with Java2D (%s); charts use a system font", FAMILY, e.toString());
        }
    }

    /** A cache of the two fonts' metrics: a few entries, so a plain map without eviction. */
    private static final class MetricsCache implements FSCacheEx<String, FSCacheValue> {

        private final Map<String, FSCacheValue> values = new ConcurrentHashMap<>();

        @Override
        public void put(String key, FSCacheValue value) {
            values.put(key, value);
        }

        @Override
        public FSCacheValue get(String key, Callable<? extends FSCacheValue> loader) {
            return values.computeIfAbsent(key, k -> {
                try {
                    return loader.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public FSCacheValue get(String key) {
            return values.get(key);
        }
    }

    private static byte[] font(String file) {
        try (InputStream in = Documents.class.getResourceAsStream("/documents/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing font resource " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
