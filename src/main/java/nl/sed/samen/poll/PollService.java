package nl.sed.samen.poll;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.common.Page;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.consultation.ConsultationRepository;
import nl.sed.samen.live.LiveHub;
import nl.sed.samen.security.Official;
import nl.sed.samen.tenancy.TenantRepository;

/** Polls of one tenant: running them, taking votes and codes, and showing results to whom may see them. */
@ApplicationScoped
@Transactional
public class PollService {

    private final PollRepository polls;
    private final ConsultationRepository consultations;
    private final TenantRepository tenants;
    private final BallotBox ballots;
    private final VotingCodes codes;
    private final AuditLog audit;
    private final Clock clock;
    private final PollSnapshots snapshots;
    private final LiveHub live;

    public PollService(PollRepository polls, ConsultationRepository consultations, TenantRepository tenants,
            BallotBox ballots, VotingCodes codes, AuditLog audit, Clock clock, PollSnapshots snapshots, LiveHub live) {
        this.snapshots = snapshots;
        this.live = live;
        this.polls = polls;
        this.consultations = consultations;
        this.tenants = tenants;
        this.ballots = ballots;
        this.codes = codes;
        this.audit = audit;
        this.clock = clock;
    }

    public PollResponse create(String tenant, UUID consultationId, Official official, PollRequests.Create request) {
        consultations.require(tenant, consultationId, true);
        Instant now = clock.now();
        Poll poll = Poll.draft(tenant, consultationId,
                request.votingMode() == null ? VotingMode.OPEN : request.votingMode(), now);
        poll.describe(request, now);
        polls.persist(poll);
        PollResponse response = PollResponse.from(poll, Tally.NONE, true, null, now);
        audit.record(tenant, official, "poll.created", "poll", poll.id(), null, response);
        return response;
    }

    public PollResponse update(String tenant, UUID id, Official official, PollRequests.Update request) {
        Poll poll = polls.require(tenant, id, true);
        Instant now = clock.now();
        Tally tally = ballots.tally(id);
        PollResponse before = PollResponse.from(poll, tally, true, null, now);
        if (request.question() != null || request.options() != null || request.maxChoices() != null
                || request.resultsVisibility() != null || request.votingMode() != null || request.opensAt() != null
                || request.closesAt() != null) {
            poll.describe(request, now);
        }
        if (request.status() != null) {
            poll.moveTo(request.status(), now);
        }
        polls.flush();
        PollResponse after = PollResponse.from(poll, tally, true, null, now);
        if (!after.equals(before)) {
            audit.record(tenant, official, before.status() == after.status() ? "poll.updated" : "poll.status-changed",
                    "poll", id, before, after);
        }
        return after;
    }

    /**
     * A poll as this caller may see it: officials always see the results; residents per the poll's visibility, where
     * a voter token that has voted here counts as "after vote".
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PollResponse get(String tenant, UUID id, boolean official, VoterTokens.Voter voter) {
        Poll poll = polls.require(tenant, id, official);
        Instant now = clock.now();
        Boolean hasVoted = voter == null ? null : ballots.hasVoted(id, voter.ballotKey());
        return view(poll, () -> ballots.tally(id), official, hasVoted, now);
    }

    /** The one rule for what a viewer of a poll sees, for the GET and for every live stream. */
    static PollResponse view(Poll poll, Supplier<Tally> tally, boolean official, Boolean hasVoted, Instant now) {
        boolean visible = official || poll.resultsVisibleTo(Boolean.TRUE.equals(hasVoted), now);
        return PollResponse.from(poll, visible ? tally.get() : Tally.NONE, visible, hasVoted, now);
    }

    /** What a poll's live streams need, read once per tick for all its watchers on this instance. */
    record LiveRead(Poll poll, Tally tally, Set<String> votedNow, Instant now) {
    }

    /**
     * The poll (drafts too: officials may watch one), its counts, and which of the given voters (watchers who had not
     * voted yet) have voted since; empty when the poll no longer exists.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @ActivateRequestContext
    Optional<LiveRead> live(String tenant, UUID id, Collection<String> waitingVoters) {
        Optional<Poll> found = polls.withOptions(tenant, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LiveRead(found.get(), ballots.tally(id), ballots.votedAmong(id, waitingVoters),
                clock.now()));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<PollResponse> list(String tenant, UUID consultationId, boolean official, PageRequest page,
            UriInfo uriInfo) {
        consultations.require(tenant, consultationId, official);
        Instant now = clock.now();
        return page.page(polls.page(tenant, consultationId, official, page),
                p -> new PageRequest.Position(p.createdAt(), p.id()),
                p -> {
                    boolean visible = official || p.resultsVisibleTo(false, now);
                    return PollResponse.from(p, visible ? ballots.tally(p.id()) : Tally.NONE, visible, null, now);
                }, uriInfo);
    }

    /**
     * Casts a vote with a voter token (open polls) or a code (code polls); a second vote is a 409.
     *
     * <p>Not one transaction around everything: the poll's rules are read first (or taken from what this instance
     * keeps of them, {@link PollSnapshots}; the ballot statement checks again that the poll takes votes), then a short
     * transaction of its own holds nothing but the ballot (and, for a code poll, the code it uses:
     * {@link BallotBox#castAlone}), and the counts for the answer are read after its commit. The ballot statement
     * updates a running-count row, and every moment between that update and the commit is a moment other voters wait
     * for the row.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public VoteResponse vote(String tenantSlug, UUID pollId, VoterTokens.Voter voter, PollRequests.Vote request) {
        Poll poll = snapshots.rules(tenantSlug, pollId, () -> polls.require(tenantSlug, pollId, false));
        Instant now = clock.now();
        if (request.area() != null && !tenants.require(tenantSlug).hasArea(request.area())) {
            throw ProblemException.invalidField("area", "not a village of this municipality");
        }
        List<UUID> ballot = poll.validBallot(request.optionIds(), now);
        byte[] code = poll.votingMode() == VotingMode.CODE ? codes.hash(pollId, requireCode(request.code())) : null;
        String voterKey = code == null ? openPollVoter(poll, voter, request.code())
                : "code:" + HexFormat.of().formatHex(code);
        if (!ballots.castAlone(pollId, voterKey, code, ballot, request.ageBand(), request.area(), now)) {
            throw ProblemException.conflict("You have already voted in this poll.");
        }
        // committed: the live streams of every instance hear of it (a refused or rolled-back ballot never gets here)
        live.pollChanged(pollId);
        boolean visible = poll.resultsVisibleTo(true, now);
        return new VoteResponse(pollId, ballot, now,
                PollResponse.from(poll, visible ? ballots.tally(pollId) : Tally.NONE, visible, true, now));
    }

    private static String openPollVoter(Poll poll, VoterTokens.Voter voter, String code) {
        if (code != null) {
            throw ProblemException.invalidField("code", "this poll takes a voter token, not a code");
        }
        if (voter == null) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "A voter token is required: get one with POST "
                    + "/api/v1/tenants/" + poll.tenant() + "/voter-tokens.", null,
                    Map.of("WWW-Authenticate", VoterTokens.HEADER));
        }
        return voter.ballotKey();
    }

    private static String requireCode(String code) {
        if (code == null || code.isBlank()) {
            throw ProblemException.invalidField("code", "this poll takes a voting code");
        }
        return code;
    }

    /** Generates codes for a code poll; they are returned once and only their hashes are kept. */
    public List<String> generateCodes(String tenant, UUID pollId, Official official, int count) {
        Poll poll = polls.require(tenant, pollId, true);
        if (poll.votingMode() != VotingMode.CODE) {
            throw ProblemException.conflict("Voting codes are for polls with votingMode code.");
        }
        Instant now = clock.now();
        if (poll.status(now) == PollStatus.CLOSED) {
            throw ProblemException.conflict("The poll is closed.");
        }
        List<String> generated = new ArrayList<>(count);
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String code = codes.generate();
            generated.add(code);
            hashes.add(codes.hash(pollId, code));
        }
        ballots.storeCodes(pollId, hashes, now);
        audit.record(tenant, official, "poll.codes-generated", "poll", pollId, null, Map.of("count", count));
        return generated;
    }

    /** Votes per option by age band and by area; groups of 1 to 4 votes are suppressed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PollBreakdown breakdown(String tenant, UUID pollId) {
        Poll poll = polls.require(tenant, pollId, true);
        Tally tally = ballots.tally(pollId);
        Map<UUID, Map<String, Long>> byAge = new LinkedHashMap<>();
        Map<UUID, Map<String, Long>> byArea = new LinkedHashMap<>();
        for (Object[] row : ballots.breakdown(pollId)) {
            UUID option = (UUID) row[0];
            String age = row[1] == null ? "unknown" : WireEnums.value(AgeBand.valueOf((String) row[1]));
            String area = row[2] == null ? "unknown" : (String) row[2];
            long count = ((Number) row[3]).longValue();
            byAge.computeIfAbsent(option, k -> new LinkedHashMap<>()).merge(age, count, Long::sum);
            byArea.computeIfAbsent(option, k -> new LinkedHashMap<>()).merge(area, count, Long::sum);
        }
        List<PollBreakdown.OptionBreakdown> options = poll.options().stream()
                .map(o -> new PollBreakdown.OptionBreakdown(o.id(), o.label(), tally.votes(o.id()),
                        GroupCount.of(byAge.get(o.id())), GroupCount.of(byArea.get(o.id()))))
                .toList();
        return new PollBreakdown(pollId, tally.ballots(), GroupCount.MINIMUM, options);
    }
}
