package nl.sed.samen.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Conditional GETs: every readable representation gets a strong ETag derived from its bytes, so {@code If-None-Match}
 * answers 304 without the client downloading it again. Public views may be cached briefly by browsers and CDNs; an
 * official's view (which may show drafts) is private.
 */
@ApplicationScoped
public class HttpCaching {

    /** Short enough that a published change shows within seconds, long enough to absorb a front-page burst. */
    static final String PUBLIC = "public, max-age=5";
    static final String PRIVATE = "private, no-cache";
    /** The request headers that change a view: an official's token and a voter token (hasVoted, after-vote results). */
    static final String VARY = HttpHeaders.AUTHORIZATION + ", Voter-Token";

    private final ObjectMapper mapper;

    public HttpCaching(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A representation ready to send: its JSON bytes and the strong ETag over them. */
    public record Representation(byte[] bytes, EntityTag tag) {
    }

    public Representation represent(Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Representation(bytes, new EntityTag(digest(bytes)));
    }

    public Response ok(Request request, Object body, boolean officialView) {
        return ok(request, represent(body), officialView);
    }

    public Response ok(Request request, Representation representation, boolean privateView) {
        EntityTag tag = representation.tag();
        String cacheControl = privateView ? PRIVATE : PUBLIC;
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null && notModified.build().getStatus() == 412) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "The representation does not match If-Match.");
        }
        if (notModified != null) {
            return notModified.tag(tag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .header(HttpHeaders.VARY, VARY).build();
        }
        return Response.ok(representation.bytes(), MediaType.APPLICATION_JSON_TYPE).tag(tag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.VARY, VARY).build();
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
