package nl.sed.samen.embed;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.PublicAddress;
import nl.sed.samen.consultation.ConsultationService;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Viewers;
import nl.sed.samen.poll.Poll;
import nl.sed.samen.poll.PollService;
import nl.sed.samen.security.Role;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The ready-to-paste HTML that puts a poll or a consultation on a municipality's website. */
@Path("/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Embedding", description = "Snippets for municipality websites: the widgets and their iframe variant")
public class EmbedResource {

    private final Viewers viewers;
    private final PollService polls;
    private final ConsultationService consultations;
    private final EmbedAssets assets;
    private final PublicAddress publicAddress;

    public EmbedResource(Viewers viewers, PollService polls, ConsultationService consultations,
            EmbedAssets assets, PublicAddress publicAddress) {
        this.viewers = viewers;
        this.polls = polls;
        this.consultations = consultations;
        this.assets = assets;
        this.publicAddress = publicAddress;
    }

    @GET
    @Path("/polls/{pollId}/embed")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The HTML snippet that embeds a poll", description = "Role editor or admin of the tenant. "
            + "A script tag with its Subresource Integrity hash and the <samen-poll> element, or an iframe for "
            + "websites that allow no scripts; also for drafts, so the page can be prepared before the poll opens.")
    @APIResponse(responseCode = "200", description = "The snippet",
            content = @Content(schema = @Schema(implementation = EmbedSnippet.class)))
    public EmbedSnippet poll(@PathParam("tenant") String tenant, @PathParam("pollId") String pollId) {
        Viewer viewer = viewers.of(tenant);
        viewer.requireRole(Role.EDITOR);
        UUID id = Ids.parse("pollId", pollId);
        Poll poll = polls.get(viewer, id).poll();
        return snippet("samen-poll", "poll", tenant, poll.id(), "Peiling: " + poll.question());
    }

    @GET
    @Path("/consultations/{consultationId}/embed")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The HTML snippet that embeds a consultation", description = "Role editor or admin of the "
            + "tenant. A script tag with its Subresource Integrity hash and the <samen-consultation> element, or an "
            + "iframe for websites that allow no scripts.")
    @APIResponse(responseCode = "200", description = "The snippet",
            content = @Content(schema = @Schema(implementation = EmbedSnippet.class)))
    public EmbedSnippet consultation(@PathParam("tenant") String tenant,
            @PathParam("consultationId") String consultationId) {
        Viewer viewer = viewers.of(tenant);
        viewer.requireRole(Role.EDITOR);
        UUID id = Ids.parse("consultationId", consultationId);
        Consultation consultation = consultations.get(viewer, id).consultation();
        return snippet("samen-consultation", "consultation", tenant, consultation.id(),
                "Raadpleging: " + consultation.title());
    }

    private EmbedSnippet snippet(String element, String kind, String tenant, UUID id, String title) {
        String origin = publicAddress.origin(tenant);
        String scriptUrl = origin + EmbedAssets.PATH + "samen.js";
        String integrity = assets.integrity("samen.js");
        String iframeUrl = origin + EmbedAssets.PATH + kind + ".html?tenant=" + query(tenant) + "&" + kind + "=" + id;
        String script = "<script type=\"module\" src=\"" + attr(scriptUrl) + "\" integrity=\"" + integrity
                + "\" crossorigin=\"anonymous\"></script>";
        String tag = "<" + element + " tenant=\"" + attr(tenant) + "\" " + kind + "=\"" + id + "\"></" + element + ">";
        String iframe = "<iframe src=\"" + attr(iframeUrl) + "\" title=\"" + attr(title)
                + "\" width=\"100%\" height=\"" + ("poll".equals(kind) ? 640 : 1200) + "\" loading=\"lazy\"></iframe>";
        String policy = "script-src " + origin + "; style-src " + origin + "; connect-src " + origin
                + "; worker-src blob:";
        return new EmbedSnippet(script + "\n" + tag, script, tag, iframe, scriptUrl, integrity,
                origin + EmbedAssets.PATH + "samen.css", assets.integrity("samen.css"), iframeUrl, policy);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Escapes text for an HTML attribute value in double quotes (a question may hold any character). */
    static String attr(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** What an official pastes into the municipality's website. */
    @Schema(name = "EmbedSnippet")
    public record EmbedSnippet(
            @Schema(description = "The two lines to paste: the script tag and the element") String html,
            @Schema(description = "The script tag, with Subresource Integrity; once per page") String script,
            @Schema(description = "The element, where the widget should appear") String element,
            @Schema(description = "The alternative for websites that allow no scripts") String iframe,
            String scriptUrl,
            @Schema(description = "Subresource Integrity hash of the script", example = "sha384-…") String integrity,
            @Schema(description = "The default stylesheet, which the script loads itself unless the page opts out")
            String stylesheetUrl,
            String stylesheetIntegrity,
            String iframeUrl,
            @Schema(description = "What the host page's Content-Security-Policy must allow")
            String contentSecurityPolicy) {
    }
}
