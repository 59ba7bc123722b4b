/**
 * The crew page's own styles, on top of the shared block: a trip card that reads at arm's
 * length on the dock, two answer buttons big enough for a thumb, and the checklist's progress.
 * Colours come from the shared variables, so dark mode follows, and every pair keeps at
 * least 4.5:1 contrast.
 */
export const CREW_STYLE = `
.trip-when{font-size:1.15rem;font-weight:600;margin:0}.trip-where{margin:.25rem 0 0}
.trip-actions{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:.75rem 0 0}
.trip-actions a{display:inline-flex;align-items:center;min-height:44px}
.answer-buttons{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;margin:.5rem 0}
.answer-buttons button{width:100%;font-weight:600;background:var(--card);color:var(--accent)}
.answer-buttons button[aria-pressed=true],.answer-buttons:not(:has([aria-pressed=true])) #confirm{background:var(--accent);color:var(--on-accent,#fff)}
.answer-buttons button[aria-pressed=true]::before{content:"✓ "}
button.secondary{background:var(--card);color:var(--accent)}
.answer-note label{display:block;font-weight:600;margin:.5rem 0 .25rem}
.answer-note textarea{width:100%;font:inherit;padding:.5rem;border-radius:.5rem;border:1px solid var(--muted);background:var(--card);color:var(--fg)}
.answer-note .row{display:flex;gap:.5rem;margin-top:.5rem;flex-wrap:wrap}
.answer-state{font-weight:600;margin:0}.answer-state.declined{color:var(--alert-edge)}
.progress{font-size:1.05rem;font-weight:600;margin:0 0 .25rem}
.progress-bar{display:block;width:100%;height:.5rem;margin:0 0 .5rem}
section>h2:first-child{margin-top:0}
.checklist [data-done-by]{display:block;margin-left:2rem}.checklist [data-done-by]:empty{display:none}
.crew-status{font-size:.85rem;font-weight:600;white-space:nowrap}
`;
