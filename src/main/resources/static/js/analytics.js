// Draws the Analytics page's charts (ECharts) from the JSON the server put in #chart-data.
(function () {
    "use strict";
    var data = JSON.parse(document.getElementById("chart-data").textContent || "{}");
    var labels = data.labels || {};
    function label(code) { return labels[code] || code; }

    function series(element) {
        var days = [];
        var byChannel = {};
        (data.series || []).forEach(function (p) {
            var day = p.at.substring(0, 10);
            if (days.indexOf(day) < 0) { days.push(day); }
            (byChannel[p.channel] = byChannel[p.channel] || {})[day] = p.sessions;
        });
        var chart = echarts.init(element);
        chart.setOption({
            animation: false,
            tooltip: { trigger: "axis" },
            legend: { type: "scroll", top: 0 },
            grid: { left: 40, right: 16, top: 36, bottom: 28 },
            xAxis: { type: "category", data: days },
            yAxis: { type: "value", minInterval: 1 },
            series: Object.keys(byChannel).map(function (code) {
                // a line needs a few days to say anything; fewer are bars
                return { name: label(code), type: days.length < 4 ? "bar" : "line", smooth: true,
                         data: days.map(function (d) { return byChannel[code][d] || 0; }) };
            })
        });
        return chart;
    }

    // sources on the left ("Web →"), destinations on the right ("→ WhatsApp"): a Sankey has no cycles
    function sankey(element) {
        var nodes = {};
        var links = (data.transitions || []).map(function (t) {
            var source = label(t.from) + " →";
            var target = "→ " + label(t.to);
            nodes[source] = true;
            nodes[target] = true;
            return { source: source, target: target, value: t.customers };
        });
        var chart = echarts.init(element);
        chart.setOption({
            animation: false,
            tooltip: { trigger: "item" },
            series: [{ type: "sankey", left: 8, right: 90, emphasis: { focus: "adjacency" },
                       data: Object.keys(nodes).map(function (n) { return { name: n }; }), links: links }]
        });
        return chart;
    }

    function draw() {
        var charts = [];
        var s = document.getElementById("series-chart");
        if (s) { charts.push(series(s)); }
        var k = document.getElementById("sankey-chart");
        if (k) { charts.push(sankey(k)); }
        window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
        document.body.setAttribute("data-charts", "drawn");
    }
    if (window.echarts) { draw(); } else { window.addEventListener("load", draw); }
})();
