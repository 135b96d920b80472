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
import nl.sed.samen.common.ProblemException;
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

    private static final MediaType PDF = MediaType.valueOf(Documents.PDF);
    private static final MediaType CSV = MediaType.valueOf(Csv.MEDIA_TYPE);

    private final ReportService service;
    private final Viewers viewers;
    private final Documents documents;

    public ReportResource(ReportService service, Viewers viewers, Documents documents) {
        this.service = service;
        this.viewers = viewers;
        this.documents = documents;
    }

    @GET
    @Path("/consultations/{consultationId}/report")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", Documents.PDF})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The participation report (participatieverslag) of a consultation",
            description = "Role editor or admin. JSON; CSV with Accept: text/csv; or, with Accept: application/pdf, "
                    + "the report as a document for the council: a tagged, accessible PDF (PDF/UA-1, in Dutch) with "
                    + "the Manifest, reach with a timeline chart, each poll as a chart beside its figures, moderation, "
                    + "the feedback and a closing paragraph for the council decision. Figures only: no e-mail address, "
                    + "name or resident's text; groups of fewer than 5 participants are suppressed. A 503 with "
                    + "Retry-After when the instance is laying out too many documents at once.")
    @APIResponse(responseCode = "200", description = "The report",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ParticipationReport.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = Documents.PDF, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "406", description = "Accept names none of JSON, CSV and PDF")
    @APIResponse(responseCode = "503", description = "Too many documents being laid out at once; see Retry-After")
    public Response report(@PathParam("tenant") String tenant, @PathParam("consultationId") String consultationId,
            @Context HttpHeaders headers) {
        viewers.of(tenant).requireRole(Role.EDITOR);
        ParticipationReport report = service.report(tenant, Ids.parse("consultationId", consultationId));
        MediaType wanted = preferred(headers, PDF, CSV);
        if (PDF.equals(wanted)) {
            return document(documents.participationReport(report), "participatieverslag-" + report.consultationId());
        }
        if (CSV.equals(wanted)) {
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
    @Produces({MediaType.APPLICATION_JSON, Documents.PDF})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The impact meter", description = "Role editor or admin. Over all consultations of the "
            + "tenant, or of one project with projectId; with year, only the consultations that opened in that year "
            + "(Dutch time). With Accept: application/pdf, the yearly impact meter as a tagged, accessible PDF "
            + "(PDF/UA-1, in Dutch) with the ladder distribution, the youth share and overdue feedback as charts "
            + "beside their figures.")
    @APIResponse(responseCode = "200", description = "The figures",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImpactMeter.class)),
                    @Content(mediaType = Documents.PDF, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "406", description = "Accept names neither JSON nor PDF")
    @APIResponse(responseCode = "503", description = "Too many documents being laid out at once; see Retry-After")
    public Response impact(@PathParam("tenant") String tenant,
            @QueryParam("projectId") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String projectId,
            @QueryParam("year") @Parameter(description = "Only consultations that opened in this year",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "2000", maximum = "2100")) String year,
            @Context HttpHeaders headers) {
        viewers.of(tenant).requireRole(Role.EDITOR);
        UUID project = projectId == null ? null : Ids.parse("projectId", projectId);
        ImpactMeter meter = service.impact(tenant, project, year(year));
        if (PDF.equals(preferred(headers, PDF))) {
            return document(documents.impactMeter(meter), "impactmeter-" + tenant
                    + (meter.year() == null ? "" : "-" + meter.year()));
        }
        return Response.ok(meter, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store").build();
    }

    private static Integer year(String year) {
        if (year == null) {
            return null;
        }
        if (!year.matches("[0-9]{4}") || Integer.parseInt(year) < 2000 || Integer.parseInt(year) > 2100) {
            throw ProblemException.invalidField("year", "must be a year from 2000 to 2100");
        }
        return Integer.valueOf(year);
    }

    private static Response document(byte[] pdf, String name) {
        return Response.ok(pdf, Documents.PDF)
                .header("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store").build();
    }

    /**
     * The first of the offered alternatives that the Accept header ranks highest (JAX-RS orders it by quality);
     * null for JSON, the default, also when the header cannot be parsed or accepts anything.
     */
    static MediaType preferred(HttpHeaders headers, MediaType... offered) {
        try {
            for (MediaType accepted : headers.getAcceptableMediaTypes()) {
                if (accepted.isWildcardType()) {
                    return null;
                }
                if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                    return null;
                }
                for (MediaType type : offered) {
                    if (accepted.isCompatible(type)) {
                        return type;
                    }
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
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
        return csv.toString();
    }

    private static void groups(Csv.Table csv, String section, java.util.List<GroupCount> groups) {
        for (GroupCount group : groups) {
            csv.row(section, group.group(), group.suppressed() ? "<" + GroupCount.MINIMUM : group.count());
        }
    }
}
