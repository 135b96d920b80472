package nl.sed.samen.feedback;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.common.Csv;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.participation.Viewers;
import nl.sed.samen.security.Role;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}")
@Tag(name = "Feedback")
public class ReportResource {

    private final ReportService service;
    private final Viewers viewers;

    public ReportResource(ReportService service, Viewers viewers) {
        this.service = service;
        this.viewers = viewers;
    }

    @GET
    @Path("/consultations/{consultationId}/report")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The participation report (participatieverslag) of a consultation",
            description = "Role editor or admin. JSON, or CSV with Accept: text/csv. Figures only: no e-mail address, "
                    + "name or resident's text; groups of fewer than 5 participants are suppressed.")
    @APIResponse(responseCode = "200", description = "The report",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ParticipationReport.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))})
    public Response report(@PathParam("tenant") String tenant, @PathParam("consultationId") String consultationId,
            @Context HttpHeaders headers) {
        viewers.of(tenant).requireRole(Role.EDITOR);
        ParticipationReport report = service.report(tenant, Ids.parse("consultationId", consultationId));
        if (Csv.wanted(headers)) {
            return Response.ok(toCsv(report), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"participatieverslag-"
                            + report.consultationId() + ".csv\"")
                    .header(HttpHeaders.CACHE_CONTROL, "private, no-store").build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store").build();
    }

    @GET
    @Path("/impact")
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The impact meter", description = "Role editor or admin. Over all consultations of the "
            + "tenant, or of one project with projectId.")
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(schema = @Schema(implementation = ImpactMeter.class)))
    public ImpactMeter impact(@PathParam("tenant") String tenant,
            @QueryParam("projectId") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String projectId) {
        viewers.of(tenant).requireRole(Role.EDITOR);
        UUID project = projectId == null ? null : Ids.parse("projectId", projectId);
        return service.impact(tenant, project);
    }

    /** One row per figure: section, item, value. Easy to open in a spreadsheet and to merge into a document. */
    static String toCsv(ParticipationReport r) {
        Csv.Table csv = new Csv.Table("section", "item", "value");
        csv.row("consultation", "id", r.consultationId());
        csv.row("consultation", "title", r.title());
        csv.row("consultation", "question", r.question());
        csv.row("consultation", "participationLevel",
                r.participationLevel() == null ? null : WireEnums.value(r.participationLevel()));
        csv.row("consultation", "openForInput", r.openForInput());
        csv.row("consultation", "fixed", r.fixed());
        csv.row("consultation", "decisionMaker", r.decisionMaker());
        csv.row("consultation", "status", WireEnums.value(r.status()));
        csv.row("dates", "openedAt", r.dates().openedAt());
        csv.row("dates", "closesAt", r.dates().closesAt());
        csv.row("dates", "closedAt", r.dates().closedAt());
        csv.row("dates", "feedbackDueDate", r.dates().feedbackDueDate());
        csv.row("dates", "feedbackPublishedAt", r.dates().feedbackPublishedAt());
        csv.row("reactions", "received", r.reactions().received());
        for (var entry : r.reactions().byStatus().entrySet()) {
            csv.row("reactions", "status:" + entry.getKey(), entry.getValue());
        }
        csv.row("reactions", "withOfficialReply", r.reactions().withOfficialReply());
        csv.row("reactions", "moderated", r.reactions().moderated());
        csv.row("reactions", "medianModerationMinutes", r.reactions().medianModerationMinutes());
        csv.row("reactions", "p90ModerationMinutes", r.reactions().p90ModerationMinutes());
        for (ParticipationReport.PollResult poll : r.polls()) {
            csv.row("poll:" + poll.question(), "totalVotes", poll.totalVotes());
            for (ParticipationReport.PollResult.Option option : poll.options()) {
                csv.row("poll:" + poll.question(), "option:" + option.label(), option.votes());
            }
        }
        groups(csv, "reactionsByAgeBand", r.participants().reactionsByAgeBand());
        groups(csv, "reactionsByArea", r.participants().reactionsByArea());
        groups(csv, "votesByAgeBand", r.participants().votesByAgeBand());
        groups(csv, "votesByArea", r.participants().votesByArea());
        if (r.feedback() != null) {
            csv.row("feedback", "summary", r.feedback().summary());
            csv.row("feedback", "decision", r.feedback().decision());
            csv.row("feedback", "decidedBy", r.feedback().decidedBy());
            csv.row("feedback", "changes", r.feedback().changes());
            csv.row("feedback", "publishedAt", r.feedback().publishedAt());
            csv.row("feedback", "onTime", r.feedback().onTime());
        }
        for (var panel : r.panelResponse()) {
            csv.row("panel:" + panel.panelId(), "invited", panel.invited());
            csv.row("panel:" + panel.panelId(), "responded", panel.suppressed() ? "<" + GroupCount.MINIMUM
                    : panel.responded());
        }
        return csv.toString();
    }

    private static void groups(Csv.Table csv, String section, java.util.List<GroupCount> groups) {
        for (GroupCount group : groups) {
            csv.row(section, group.group(), group.suppressed() ? "<" + GroupCount.MINIMUM : group.count());
        }
    }
}
