// The cockpit's 30-day trends in ECharts: new items per day (bars), letters past their deadline
// and the rolling unavailability ratio (lines). Only the chart types used are bundled.
import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { Cockpit } from "./types";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function TrendChart({ trends, height = 300 }: { trends: Cockpit["trends"]; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const hasAvailability = trends.availability.some((v) => v !== null);
    chart.current?.setOption(
      {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 40, right: hasAvailability ? 50 : 20, top: 36, bottom: 28 },
        xAxis: { type: "category", data: trends.days.map((d) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`) },
        yAxis: [
          { type: "value", name: "条/件", minInterval: 1 },
          ...(hasAvailability ? [{ type: "value", name: "不可访问 %", min: 0, axisLabel: { formatter: "{value}%" } }] : []),
        ],
        series: [
          { name: "发布信息", type: "bar", data: trends.updates, itemStyle: { color: "#1677ff" } },
          { name: "逾期留言", type: "line", data: trends.overdueLetters, itemStyle: { color: "#fa541c" }, smooth: true },
          ...(hasAvailability
            ? [{ name: "7 日不可访问比例", type: "line", yAxisIndex: 1, data: trends.availability, itemStyle: { color: "#722ed1" }, connectNulls: false }]
            : []),
        ],
      },
      { notMerge: true },
    );
  }, [trends]);

  return <div ref={ref} style={{ width: "100%", height }} data-testid="trend-chart" />;
}
