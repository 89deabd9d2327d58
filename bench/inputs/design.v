// The yosys workload's design: a UART transmitter, a FIFO in front of it,
// an ALU with a multiplier and a CRC-16 over the bytes sent. Small enough to
// synthesise in a few seconds, varied enough to exercise yosys' passes
// (FSM extraction, memory mapping, arithmetic, ABC).
module uart_tx #(parameter DIV = 434) (
  input clk, input rst, input [7:0] data, input valid,
  output reg ready, output reg tx
);
  localparam IDLE = 2'd0, START = 2'd1, BITS = 2'd2, STOP = 2'd3;
  reg [1:0] state;
  reg [15:0] count;
  reg [2:0] bit;
  reg [7:0] shift;
  always @(posedge clk) begin
    if (rst) begin
      state <= IDLE; tx <= 1'b1; ready <= 1'b1; count <= 0; bit <= 0;
    end else begin
      case (state)
        IDLE: if (valid) begin shift <= data; state <= START; ready <= 1'b0; count <= 0; end
        START: begin tx <= 1'b0; if (count == DIV - 1) begin count <= 0; state <= BITS; bit <= 0; end else count <= count + 1; end
        BITS: begin
          tx <= shift[bit];
          if (count == DIV - 1) begin
            count <= 0;
            if (bit == 3'd7) state <= STOP; else bit <= bit + 1;
          end else count <= count + 1;
        end
        STOP: begin tx <= 1'b1; if (count == DIV - 1) begin state <= IDLE; ready <= 1'b1; end else count <= count + 1; end
      endcase
    end
  end
endmodule

module fifo #(parameter W = 8, parameter DEPTH = 16) (
  input clk, input rst, input [W-1:0] din, input push, input pop,
  output [W-1:0] dout, output empty, output full
);
  reg [W-1:0] mem [0:DEPTH-1];
  reg [$clog2(DEPTH):0] wp, rp;
  assign empty = wp == rp;
  assign full = (wp[$clog2(DEPTH)] != rp[$clog2(DEPTH)]) && (wp[$clog2(DEPTH)-1:0] == rp[$clog2(DEPTH)-1:0]);
  assign dout = mem[rp[$clog2(DEPTH)-1:0]];
  always @(posedge clk) begin
    if (rst) begin wp <= 0; rp <= 0; end
    else begin
      if (push && !full) begin mem[wp[$clog2(DEPTH)-1:0]] <= din; wp <= wp + 1; end
      if (pop && !empty) rp <= rp + 1;
    end
  end
endmodule

module alu (
  input [15:0] a, input [15:0] b, input [2:0] op,
  output reg [31:0] y, output zero
);
  always @* begin
    case (op)
      3'd0: y = a + b;
      3'd1: y = a - b;
      3'd2: y = a * b;
      3'd3: y = {16'd0, a & b};
      3'd4: y = {16'd0, a | b};
      3'd5: y = {16'd0, a ^ b};
      3'd6: y = {16'd0, a << b[3:0]};
      default: y = {16'd0, a >> b[3:0]};
    endcase
  end
  assign zero = y == 0;
endmodule

module crc16 (input clk, input rst, input [7:0] data, input en, output reg [15:0] crc);
  integer i;
  reg [15:0] c;
  always @(posedge clk) begin
    if (rst) crc <= 16'hFFFF;
    else if (en) begin
      c = crc;
      for (i = 0; i < 8; i = i + 1)
        c = (c[15] ^ data[7 - i]) ? {c[14:0], 1'b0} ^ 16'h1021 : {c[14:0], 1'b0};
      crc <= c;
    end
  end
endmodule

module top (
  input clk, input rst,
  input [15:0] a, input [15:0] b, input [2:0] op, input go,
  output tx, output [15:0] crc, output zero, output busy
);
  wire [31:0] y;
  wire [7:0] byte_out;
  wire empty, full, ready;
  reg [1:0] phase;
  reg [31:0] result;
  alu u_alu (.a(a), .b(b), .op(op), .y(y), .zero(zero));
  always @(posedge clk) begin
    if (rst) phase <= 0;
    else if (go && !full) begin
      if (phase == 0) result <= y;
      phase <= phase + 1;
    end
  end
  wire push = go && !full;
  wire [7:0] din = result[8 * phase +: 8];
  fifo u_fifo (.clk(clk), .rst(rst), .din(din), .push(push), .pop(ready && !empty),
               .dout(byte_out), .empty(empty), .full(full));
  uart_tx u_tx (.clk(clk), .rst(rst), .data(byte_out), .valid(!empty), .ready(ready), .tx(tx));
  crc16 u_crc (.clk(clk), .rst(rst), .data(byte_out), .en(ready && !empty), .crc(crc));
  assign busy = !empty || !ready;
endmodule
