package nl.sed.samen.common;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;

/**
 * One page of domain items as a service returns it: the items and, when there are more, the position to continue
 * after. The resource turns it into a {@link Page} with the next page's URL, so services need not know URLs.
 */
public record Slice<T>(List<T> items, int limit, PageRequest.Position next) {

    public <R> Slice<R> map(Function<T, R> mapper) {
        return new Slice<>(items.stream().map(mapper).toList(), limit, next);
    }

    /** The page as sent: mapped items and the link to the next page (the request's URL with the new cursor). */
    public <R> Page<R> toPage(Function<T, R> mapper, UriInfo uriInfo) {
        String link = next == null ? null : uriInfo.getRequestUriBuilder()
                .replaceQueryParam("cursor", PageRequest.encode(next))
                .replaceQueryParam("limit", limit)
                .build().toString();
        return new Page<>(items.stream().map(mapper).toList(), link);
    }
}
