package org.tocsin.demo;

import java.util.List;

import org.tocsin.advisory.Draft;

/**
 * The members' notice of the 2007 warning: what the CPNI secure site carried for every member of
 * the critical-infrastructure sectors, written anew for that wider audience (no evidence, no
 * indicators, no named targets) and labelled TLP:GREEN.
 */
final class MembersNotice2007 {

    private MembersNotice2007() {}

    static final Draft NOTICE = new Draft(
            "Members' notice: electronic espionage against UK businesses",
            "TLP:GREEN", "HIGH", 80,
            """
            The authority has warned some member organisations that state-sponsored attackers are trying to \
            steal confidential commercial information from UK businesses. The attacks are designed to get past \
            ordinary good security, so every member should check that its defences are watched, not just in \
            place. Chief executives: ask your security lead whether you would notice such an attack, and treat \
            the answer as a board-level matter. Security leads: review how you detect targeted e-mail with \
            harmful attachments. Keep trading as normal, and manage the risk.""",
            """
            ## What we know

            State-sponsored attackers are conducting electronic espionage against UK businesses to learn their \
            commercial plans. Organisations in some sectors have been told directly.

            ## What every member should do

            - Make sure someone is responsible for noticing an intrusion, and has the time and authority to act.
            - Treat unexpected attachments with suspicion, even from familiar names.
            - Report anything suspicious to the authority through Tocsin.

            This notice is **TLP:GREEN**: share it with members of the community, not on public channels.
            """,
            "",
            List.of(new Draft.Action("Ask your security lead whether an intrusion like this would be noticed",
                    "EXECUTIVE", 14),
                    new Draft.Action("Review how targeted e-mail with harmful attachments is detected and reported",
                            "SECURITY_LEAD", 14)),
            new Draft.Audience(List.of("banking", "accountancy", "legal", "telecoms", "water", "energy"), List.of(),
                    List.of(), List.of()));
}
