package nl.sed.samen.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.Page;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.participation.Viewers;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@Tag(name = "Webhooks", description = "Signed webhooks (Standard Webhooks) for the municipality's website and CMS; "
        + "role admin of the tenant")
public class WebhookResource {

    private final WebhookService service;
    private final Viewers viewers;

    public WebhookResource(WebhookService service, Viewers viewers) {
        this.service = service;
        this.viewers = viewers;
    }

    @GET
    @Operation(summary = "The tenant's webhook subscriptions, newest first")
    @APIResponse(responseCode = "200", description = "One page of subscriptions",
            content = @Content(schema = @Schema(implementation = WebhookPage.class)))
    public WebhookPage list(@PathParam("tenant") String tenant,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link") String cursor,
            @Context UriInfo uriInfo) {
        Page<WebhookResponse> page = service.list(viewers.of(tenant), PageRequest.of(limit, cursor))
                .toPage(WebhookResponse::from, uriInfo);
        return new WebhookPage(page.items(), page.next());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a URL to events", description = "The target must be https (http in development) "
            + "and resolve to public addresses only. The answer carries the signing secret, once.")
    @APIResponse(responseCode = "201", description = "Created, with its secret",
            headers = @Header(name = "Location", description = "URL of the new subscription",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull WebhookRequests.Create request,
            @Context UriInfo uriInfo) {
        WebhookResponse created = service.create(viewers.of(tenant), request);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id().toString()).build())
                .header("Cache-Control", "no-store").entity(created).build();
    }

    @GET
    @Path("/{webhookId}")
    @Operation(summary = "One subscription (without its secret)")
    @APIResponse(responseCode = "200", description = "The subscription",
            content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    public WebhookResponse get(@PathParam("tenant") String tenant, @PathParam("webhookId") String webhookId) {
        return WebhookResponse.from(service.get(viewers.of(tenant), Ids.parse("webhookId", webhookId)));
    }

    @PATCH
    @Path("/{webhookId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change a subscription's URL, events, description or active flag")
    @APIResponse(responseCode = "200", description = "The changed subscription",
            content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    public WebhookResponse update(@PathParam("tenant") String tenant, @PathParam("webhookId") String webhookId,
            @Valid @NotNull WebhookRequests.Update request) {
        return WebhookResponse.from(service.update(viewers.of(tenant), Ids.parse("webhookId", webhookId), request));
    }

    @DELETE
    @Path("/{webhookId}")
    @Operation(summary = "Delete a subscription, with its pending deliveries and its log")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("webhookId") String webhookId) {
        service.delete(viewers.of(tenant), Ids.parse("webhookId", webhookId));
        return Response.noContent().build();
    }

    @POST
    @Path("/{webhookId}/secret-rotations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rotate the signing secret", description = "The answer carries the new secret, once. The "
            + "previous secret signs too (a second signature in webhook-signature) for overlapMinutes, so the "
            + "receiver can switch without missing an event. The body is optional.")
    @APIResponse(responseCode = "200", description = "The subscription with its new secret",
            content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    public Response rotate(@PathParam("tenant") String tenant, @PathParam("webhookId") String webhookId,
            @Valid WebhookRequests.Rotate request) {
        return Response.ok(service.rotate(viewers.of(tenant), Ids.parse("webhookId", webhookId), request))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/{webhookId}/test-events")
    @Operation(summary = "Send a test event", description = "Queues a webhook.test event for this subscription; "
            + "its outcome appears in the attempts.")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(schema = @Schema(implementation = Queued.class)))
    @APIResponse(responseCode = "409", description = "The subscription is not active")
    public Response test(@PathParam("tenant") String tenant, @PathParam("webhookId") String webhookId) {
        UUID delivery = service.sendTest(viewers.of(tenant), Ids.parse("webhookId", webhookId));
        return Response.accepted(new Queued(delivery)).build();
    }

    @GET
    @Path("/{webhookId}/attempts")
    @Operation(summary = "The delivery log: the latest attempts, newest first")
    @APIResponse(responseCode = "200", description = "One page of attempts",
            content = @Content(schema = @Schema(implementation = AttemptPage.class)))
    public AttemptPage attempts(@PathParam("tenant") String tenant, @PathParam("webhookId") String webhookId,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link") String cursor,
            @Context UriInfo uriInfo) {
        Page<AttemptResponse> page = service.attempts(viewers.of(tenant), Ids.parse("webhookId", webhookId),
                PageRequest.of(limit, cursor)).toPage(AttemptResponse::from, uriInfo);
        return new AttemptPage(page.items(), page.next());
    }

    @POST
    @Path("/{webhookId}/deliveries/{deliveryId}/redeliveries")
    @Operation(summary = "Deliver again", description = "Makes the delivery due now, with the same webhook-id and body.")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(schema = @Schema(implementation = Queued.class)))
    @APIResponse(responseCode = "409", description = "Being sent right now")
    public Response redeliver(@PathParam("tenant") String tenant, @PathParam("webhookId") String webhookId,
            @PathParam("deliveryId") String deliveryId) {
        UUID delivery = Ids.parse("deliveryId", deliveryId);
        service.redeliver(viewers.of(tenant), Ids.parse("webhookId", webhookId), delivery);
        return Response.accepted(new Queued(delivery)).build();
    }

    @Schema(name = "WebhookQueued")
    public record Queued(@Schema(description = "The delivery's id, sent as webhook-id") UUID deliveryId) {
    }

    @Schema(name = "WebhookAttempt")
    public record AttemptResponse(UUID id, @Schema(description = "Sent as webhook-id") UUID deliveryId,
            String eventType, @Schema(description = "1 for the first attempt of the delivery") int attempt,
            Instant attemptedAt, @Schema(nullable = true, description = "The receiver's status; null if none came")
            Integer statusCode, long durationMillis, @Schema(nullable = true) String error,
            @Schema(nullable = true, description = "The start of the receiver's answer") String responseExcerpt,
            @Schema(enumeration = {"pending", "sending", "delivered", "failed"},
                    description = "Where the delivery stands now") String deliveryStatus) {

        static AttemptResponse from(WebhookOutbox.Attempt a) {
            return new AttemptResponse(a.id(), a.deliveryId(), a.eventType(), a.attempt(), a.attemptedAt(),
                    a.statusCode(), a.durationMillis(), a.error(), a.responseExcerpt(),
                    a.deliveryStatus().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Schema(name = "WebhookPage")
    public record WebhookPage(List<WebhookResponse> items, @Schema(nullable = true) String next) {
    }

    @Schema(name = "WebhookAttemptPage")
    public record AttemptPage(List<AttemptResponse> items, @Schema(nullable = true) String next) {
    }
}
