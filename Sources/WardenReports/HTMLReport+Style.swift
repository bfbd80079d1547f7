/// The report page's inline stylesheet: system fonts only, a print layout that saves ink and keeps
/// table rows and charts whole.
extension HTMLReport {
    static let style = """

        :root { --ink: #1d2433; --muted: #5d6778; --line: #dde2ea; --page: #f4f6f9; --card: #fff;
          --critical: #b42318; --high: #c4470b; --medium: #a15c07; --low: #2e5aac; --escalated: #5b3cc4; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--page); color: var(--ink);
          font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1220px; margin: 0 auto; padding: 28px 32px 40px; }
        h1 { font-size: 28px; line-height: 1.2; margin: 2px 0 6px; letter-spacing: -0.01em; }
        h2 { font-size: 17px; margin: 0 0 12px; }
        p { margin: 0; }
        code { font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
        .muted { color: var(--muted); font-weight: normal; }
        .brand { text-transform: uppercase; letter-spacing: .08em; font-size: 11px; font-weight: 600; color: var(--muted); }
        .meta { display: flex; flex-wrap: wrap; gap: 4px 22px; color: var(--muted); }
        .meta b { color: var(--ink); font-weight: 600; }
        .top { padding-bottom: 18px; border-bottom: 1px solid var(--line); margin-bottom: 20px; }
        .counts { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin-bottom: 20px; }
        .count { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
          border-top: 4px solid var(--c, var(--ink)); display: flex; flex-direction: column; }
        .count .n { font-size: 30px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
        .count .label { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; font-weight: 600; color: var(--muted); }
        .count .sub { font-size: 12px; color: var(--escalated); margin-top: 2px; }
        .count.zero .n { color: #9aa3b2; }
        .critical { --c: var(--critical); } .high { --c: var(--high); } .medium { --c: var(--medium); } .low { --c: var(--low); }
        .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 0 0 20px; }
        .chart { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
        .chart figcaption { font-weight: 600; margin-bottom: 8px; }
        .chart svg { display: block; max-width: 100%; height: auto; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        svg text { font: 12px -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; fill: var(--ink); }
        svg text.in { fill: #fff; font-weight: 600; font-size: 11px; }
        svg text.total { font-weight: 600; }
        svg text.legend { fill: var(--muted); }
        .list, .empty { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 16px 6px; }
        .empty { padding: 28px; text-align: center; border-top: 4px solid #2f7d4f; }
        .empty h2 { font-size: 20px; margin-bottom: 4px; }
        table { width: 100%; border-collapse: collapse; table-layout: fixed; }
        th { text-align: left; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
          font-weight: 600; padding: 8px 8px; border-bottom: 2px solid var(--line); }
        td { padding: 10px 8px 4px; vertical-align: top; overflow-wrap: anywhere; }
        tr.detail td { padding: 0 8px 10px; border-bottom: 1px solid var(--line); font-size: 12px; color: var(--muted); }
        tbody:last-child tr.detail td { border-bottom: 0; }
        thead th:nth-child(1) { width: 3.5%; } thead th:nth-child(2) { width: 8.5%; } thead th:nth-child(4) { width: 18%; }
        thead th:nth-child(5) { width: 6.5%; } thead th:nth-child(6) { width: 14.5%; } thead th:nth-child(7) { width: 15.5%; }
        td.num { color: var(--muted); font-variant-numeric: tabular-nums; box-shadow: inset 4px 0 0 var(--c); padding-left: 12px;
          border-bottom: 1px solid var(--line); }
        tbody:last-child td.num, tbody:last-child td[rowspan] { border-bottom: 0; }
        td[rowspan] { border-bottom: 1px solid var(--line); }
        td .user, td .app { display: block; } td .app { color: var(--muted); }
        .nowrap, .due { white-space: nowrap; }
        .sev { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em;
          color: var(--c); border: 1px solid var(--c); border-radius: 4px; padding: 1px 6px; background: #fff; }
        .sev.critical { background: #fdecea; } .sev.high { background: #fdf0e7; } .sev.medium { background: #fcf4e2; }
        .sev.low { background: #edf2fb; }
        .detail code { font-size: 11.5px; margin-right: 10px; }
        .summary code, .detail .ev code { font-size: 12.5px; margin-right: 0; background: #f2f4f7; border-radius: 3px; padding: 0 3px; }
        .detail .id { color: #8a93a3; }
        .detail .ev { display: inline-block; margin-right: 12px; }
        .detail .k { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; color: #8a93a3; }
        .marker { display: inline-block; font-size: 12px; font-weight: 600; color: var(--escalated); background: #f1edfc;
          border: 1px solid #cbbff2; border-radius: 4px; padding: 1px 7px; margin-bottom: 6px; }
        tbody.escalated-in td { background: #fbfaff; }
        .late { display: block; color: var(--critical); font-size: 12px; font-weight: 600; }
        .when { display: block; color: var(--muted); font-size: 12px; }
        footer { color: var(--muted); font-size: 12px; margin-top: 16px; }
        @media screen and (max-width: 900px) {
          main { padding: 16px; }
          .counts { grid-template-columns: repeat(3, 1fr); }
          .charts { grid-template-columns: 1fr; }
        }
        @media print {
          @page { margin: 12mm; }
          body { background: #fff; font-size: 9pt; }
          main { max-width: none; padding: 0; }
          .count, .chart, .empty { border-color: #bbb; border-radius: 0; }
          .count { border-top-color: var(--c, var(--ink)); } .empty { border-top-color: #2f7d4f; }
          .list { padding: 0; border: 0; }
          .sev, .marker, tbody.escalated-in td { background: none; }
          .counts { gap: 6px; } .count { padding: 8px 10px; } .count .n { font-size: 22px; }
          .charts { grid-template-columns: 1fr; gap: 8px; }
          .charts, .chart, .counts { break-inside: avoid; page-break-inside: avoid; }
          h2 { break-after: avoid; page-break-after: avoid; }
          td { padding: 6px 5px 2px; } tr.detail td { padding: 0 5px 6px; font-size: 8pt; }
          thead th:nth-child(1) { width: 4%; } thead th:nth-child(2) { width: 10%; } thead th:nth-child(4) { width: 20%; }
          thead th:nth-child(5) { width: 8%; } thead th:nth-child(6) { width: 14%; } thead th:nth-child(7) { width: 13%; }
          .due { white-space: normal; }
          .sev { font-size: 7pt; padding: 0 4px; }
          thead { display: table-header-group; }
          tbody, tr, td { break-inside: avoid; page-break-inside: avoid; }
          td.num { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        }

        """
}
