package nl.sed.samen.common;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import java.util.List;
import org.hibernate.jpa.HibernateHints;

/**
 * Fetches one page of newest-first rows by keyset (time, id): constant cost however deep the page, and stable while rows
 * are added. The caller gives the tenant-scoped condition; this adds the position and the order. A page is shown,
 * never changed: its rows are loaded read-only, so Hibernate keeps no copy of each for dirty checking.
 */
public final class Keyset {

    private Keyset() {
    }

    public static <E> List<E> newestFirst(PanacheRepositoryBase<E, ?> repository, String where, Parameters parameters,
            String timeField, PageRequest page) {
        String query = where;
        if (page.after() != null) {
            query += " and (" + timeField + " < :afterTime or (" + timeField + " = :afterTime and id < :afterId))";
            parameters.and("afterTime", page.after().time()).and("afterId", page.after().id());
        }
        return repository.find(query, Sort.descending(timeField, "id"), parameters).page(0, page.fetchSize())
                .withHint(HibernateHints.HINT_READ_ONLY, true).list();
    }
}
